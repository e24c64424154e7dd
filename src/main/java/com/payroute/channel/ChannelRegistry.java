package com.payroute.channel;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.payroute.money.PaymentType;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Every replica's in-memory copy of the channel table. A change anywhere increments a
 * version in Redis; each replica polls that version every {@code payroute.channels.reload-interval}
 * and reloads from PostgreSQL when it moved. If Redis is down, the poll reads a fingerprint of
 * the table itself, so changes still arrive within seconds.
 */
@ApplicationScoped
public class ChannelRegistry {

    private static final Logger LOG = Logger.getLogger(ChannelRegistry.class);
    static final String VERSION_KEY = "{payroute}:channels:version";

    private record Snapshot(String version, Map<String, ChannelConfig> byCode) {
    }

    private final Pool pool;
    private final ReactiveRedisDataSource redis;
    private final Event<ChannelsChanged> changed;
    private volatile Snapshot snapshot = new Snapshot("", Map.of());
    private volatile boolean loaded;

    ChannelRegistry(Pool pool, ReactiveRedisDataSource redis, Event<ChannelsChanged> changed) {
        this.pool = pool;
        this.redis = redis;
        this.changed = changed;
    }

    void loadAtStartup(@Observes @Priority(20) StartupEvent event) {
        try {
            reload().await().indefinitely();
        } catch (RuntimeException e) {
            LOG.warnf("channels could not be loaded at startup (%s); retrying every reload interval", e.toString());
        }
    }

    public boolean isLoaded() {
        return loaded;
    }

    public Collection<ChannelConfig> all() {
        return snapshot.byCode().values();
    }

    public Optional<ChannelConfig> find(String code) {
        return Optional.ofNullable(snapshot.byCode().get(code));
    }

    /** Tells every replica (this one at once) that the channel table changed. */
    public Uni<Void> announceChange() {
        return redis.execute("INCR", VERSION_KEY)
                .onFailure().invoke(e -> LOG.warnf("could not bump the channel version in Redis (%s); replicas fall back to polling PostgreSQL", e.toString()))
                .onFailure().recoverWithNull()
                .chain(this::reload);
    }

    @Scheduled(every = "${payroute.channels.reload-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return currentVersion()
                .chain(version -> version.equals(snapshot.version()) && loaded ? Uni.createFrom().voidItem() : reload())
                .onFailure().invoke(e -> LOG.debugf("channel reload check failed: %s", e))
                .onFailure().recoverWithNull();
    }

    /** The Redis version, or a fingerprint of the table when Redis is unreachable. */
    private Uni<String> currentVersion() {
        return redis.execute("GET", VERSION_KEY)
                .map(r -> "redis:" + (r == null ? "0" : r.toString()))
                .ifNoItem().after(java.time.Duration.ofMillis(500)).fail()
                .onFailure().recoverWithUni(() -> tableFingerprint(pool).map(f -> "table:" + f));
    }

    private static Uni<String> tableFingerprint(SqlClient client) {
        return client.query("select count(*) as n, coalesce(sum(version), 0) as v, coalesce(max(updated_at)::text, '') as t from channel")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return row.getLong("n") + "/" + row.getLong("v") + "/" + row.getString("t");
                });
    }

    public Uni<Void> reload() {
        return currentVersion().chain(version -> pool.query(SELECT + " order by c.code collate \"C\"").execute()
                .map(rows -> {
                    Map<String, ChannelConfig> byCode = new LinkedHashMap<>();
                    for (Row row : rows) {
                        ChannelConfig config = config(row);
                        byCode.put(config.code(), config);
                    }
                    // kept in the order read (by code, bytewise whatever the database's collation): Map.copyOf would
                    // iterate in an order that changes with each JVM, and GET /admin/channels (and routing's
                    // tie-break between equal candidates) would change with it
                    return new Snapshot(version, Collections.unmodifiableMap(byCode));
                }))
                .invoke(next -> {
                    Snapshot previous = snapshot;
                    snapshot = next;
                    loaded = true;
                    if (!previous.byCode().equals(next.byCode())) {
                        LOG.infof("channel configuration loaded: %d channels (version %s)", next.byCode().size(), next.version());
                        changed.fire(new ChannelsChanged(next.byCode().values()));
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Selects channels as {@link #config(Row)} reads them, each with its accounts and bindings in the
     * same statement (one consistent snapshot). Append a where clause on {@code c}.
     */
    public static final String SELECT = """
            select c.code, c.name, c.connector, c.base_url, c.enabled, c.weight, c.types, c.currencies, c.banks,
                c.min_amount, c.max_amount, c.connect_timeout_ms, c.timeout_ms, c.not_found_grace_ms,
                c.not_found_confirm_ms, c.timezone, c.cutoff, c.payout_windows, c.version,
                (select coalesce(json_agg(json_build_object('accountNo', a.account_no, 'credentialsRef', a.credentials_ref,
                        'maxConcurrency', a.max_concurrency, 'isDefault', a.is_default) order by a.account_no), '[]')
                 from channel_account a where a.channel_code = c.code) as accounts,
                (select coalesce(json_object_agg(b.merchant_id, b.account_no), '{}')
                 from channel_binding b where b.channel_code = c.code) as bindings
            from channel c""";

    public static ChannelConfig config(Row row) {
        Set<PaymentType> types = Arrays.stream(row.getArrayOfStrings("types")).map(PaymentType::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(PaymentType.class)));
        Map<String, ChannelAccount> accounts = new LinkedHashMap<>();
        for (Object item : (JsonArray) row.getValue("accounts")) {
            JsonObject a = (JsonObject) item;
            accounts.put(a.getString("accountNo"), new ChannelAccount(a.getString("accountNo"), a.getString("credentialsRef"),
                    a.getInteger("maxConcurrency"), a.getBoolean("isDefault")));
        }
        Map<String, String> bindings = new LinkedHashMap<>();
        ((JsonObject) row.getValue("bindings")).forEach(e -> bindings.put(e.getKey(), (String) e.getValue()));
        return new ChannelConfig(
                row.getString("code"),
                row.getString("name"),
                row.getString("connector"),
                row.getString("base_url"),
                row.getBoolean("enabled"),
                row.getInteger("weight"),
                Set.copyOf(types),
                Set.of(row.getArrayOfStrings("currencies")),
                Set.of(row.getArrayOfStrings("banks")),
                row.getBigDecimal("min_amount").stripTrailingZeros(),
                row.getBigDecimal("max_amount").stripTrailingZeros(),
                row.getInteger("connect_timeout_ms"),
                row.getInteger("timeout_ms"),
                row.getInteger("not_found_grace_ms"),
                row.getInteger("not_found_confirm_ms"),
                java.time.ZoneId.of(row.getString("timezone")),
                java.time.LocalTime.parse(row.getString("cutoff")),
                PayoutWindows.of(List.of(row.getArrayOfStrings("payout_windows")), java.time.ZoneId.of(row.getString("timezone"))),
                Collections.unmodifiableMap(accounts),
                Collections.unmodifiableMap(bindings),
                row.getLong("version"));
    }
}
