package com.payroute.support;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.payroute.security.TokenHash;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * A payroute installation of its own on the same services: its own database, RabbitMQ vhost and
 * Redis database, so a separately started payroute process shares nothing with the test
 * application except the simulated channels it is pointed at.
 */
public final class SeparateInstance implements AutoCloseable {

    public final String database;
    public final String vhost;
    public final int redisDb;
    public final String merchantId;
    public final String apiKey = "key-" + UUID.randomUUID();
    private final boolean ownsVhost;
    private final Config config = ConfigProvider.getConfig();
    private final Pool pool;
    private final String accountKey;
    private final String accountIndexKey;

    public SeparateInstance(Vertx vertx, Pool admin, String name, int redisDb) {
        this(vertx, admin, name, redisDb, null);
    }

    /**
     * An installation of its own, except that it uses {@code sharedVhost} (another installation's
     * broker vhost, left as it is) when that is not null: a grey deployment pointed at production's broker.
     */
    public SeparateInstance(Vertx vertx, Pool admin, String name, int redisDb, String sharedVhost) {
        this.database = "payroute_" + name;
        this.ownsVhost = sharedVhost == null;
        this.vhost = ownsVhost ? "payroute-" + name : sharedVhost;
        this.redisDb = redisDb;
        this.merchantId = "m_" + name;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.accountKey = Base64.getEncoder().encodeToString(key);
        new SecureRandom().nextBytes(key);
        this.accountIndexKey = Base64.getEncoder().encodeToString(key);
        admin.query("drop database if exists " + database + " with (force)").execute().await().indefinitely();
        admin.query("create database " + database).execute().await().indefinitely();
        if (ownsVhost) {
            LocalServices.freshVhost(vhost);
        }
        LocalServices.redis("-n", Integer.toString(redisDb), "flushdb");
        PgConnectOptions options = PgConnectOptions.fromUri(reactiveUrl());
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        this.pool = PgPool.pool(vertx, options, new PoolOptions().setMaxSize(4));
    }

    private String reactiveUrl() {
        String url = config.getValue("quarkus.datasource.reactive.url", String.class);
        return url.substring(0, url.lastIndexOf('/') + 1) + database;
    }

    /** Configuration for a payroute process of this installation (fast schedules, as in tests). */
    public Map<String, String> processConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("quarkus.datasource.reactive.url", reactiveUrl());
        c.put("quarkus.datasource.jdbc.url", "jdbc:" + reactiveUrl());
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(u -> c.put("quarkus.datasource.username", u));
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(p -> c.put("quarkus.datasource.password", p));
        String redis = config.getValue("quarkus.redis.hosts", String.class);
        c.put("quarkus.redis.hosts", redis.replaceFirst("(redis://[^/]+).*", "$1") + "/" + redisDb);
        for (String key : new String[] { "rabbitmq-host", "rabbitmq-port", "rabbitmq-username", "rabbitmq-password" }) {
            config.getOptionalValue(key, String.class).ifPresent(v -> c.put(key, v));
        }
        c.put("rabbitmq-virtual-host", vhost);
        c.put("payroute.crypto.account-key", accountKey);
        c.put("payroute.crypto.account-index-key", accountIndexKey);
        // a prod build pointed at the test application's simulated channels and local receivers, on loopback
        c.put("payroute.security.urls.allow-http", "true");
        c.put("payroute.security.urls.allowlist", "127.0.0.0/8,::1/128");
        c.put("quarkus.log.category.\"com.payroute.messaging\".level", "DEBUG");
        c.put("quarkus.log.category.\"com.payroute.channel\".level", "DEBUG");
        for (String key : new String[] { "payroute.query.schedule", "payroute.sweeper.interval", "payroute.sweeper.routed-after",
                "payroute.sweeper.submitting-margin", "payroute.sweeper.query-grace", "payroute.refund.not-taken-retry" }) {
            c.put(key, config.getValue(key, String.class));
        }
        return c;
    }

    /** The merchant and its key, once the process has migrated the schema. */
    public void seedMerchant() {
        pool.preparedQuery("insert into merchant (id, name, notify_secret) values ($1, $1, $2)")
                .execute(Tuple.of(merchantId, UUID.randomUUID().toString())).await().indefinitely();
        pool.preparedQuery("insert into api_key (key_hash, merchant_id, label, key_id) values ($1, $2, 'test', 'key_TEST')")
                .execute(Tuple.of(Buffer.buffer(TokenHash.of(apiKey)), merchantId)).await().indefinitely();
    }

    /**
     * A channel pointing at the test application's simulator, announced to the process through its
     * Redis. Its not-found grace and confirmation are compressed like the query schedule of tests
     * (2 s and 1 s): an order a kill left unsent is proven never taken within the schedule.
     */
    public void channel(String code, String simulatorBaseUrl, int maxConcurrency, int timeoutMs) {
        pool.preparedQuery("""
                with saved as (
                    insert into channel (code, name, connector, base_url, enabled, weight, types, currencies, banks,
                        min_amount, max_amount, connect_timeout_ms, timeout_ms, not_found_grace_ms, not_found_confirm_ms)
                    values ($1, $1, 'http', $2, true, 100, '{DEBIT,PAYOUT}', '{CNY}', '{}', 0.01, 1000000, 1000, $4, 2000, 1000)
                    returning code
                )
                insert into channel_account (channel_code, account_no, max_concurrency, is_default)
                select code, 'default', $3, true from saved""")
                .execute(Tuple.of(code, simulatorBaseUrl + "/" + code, maxConcurrency, timeoutMs)).await().indefinitely();
        LocalServices.redis("-n", Integer.toString(redisDb), "incr", "{payroute}:channels:version");
    }

    public Pool pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.closeAndAwait();
        if (ownsVhost) {
            LocalServices.deleteVhost(vhost);
        }
    }
}
