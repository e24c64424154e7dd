package com.payroute.admin;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.payroute.security.CryptoConfig;
import com.payroute.support.Ops;
import com.payroute.support.Payments;
import com.payroute.support.PayrouteProcess;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Two replicas on the same PostgreSQL, Redis and RabbitMQ: a weight set to 0 and a channel
 * disabled through the ops API of one are obeyed by the other within 5 seconds, without a restart.
 */
@QuarkusTest
class TwoReplicasIT {

    private static final Logger LOG = Logger.getLogger(TwoReplicasIT.class);
    private static final String CURRENCY = "HUF";

    @Inject
    TestChannels channels;
    @Inject
    Pool pool;
    @Inject
    CryptoConfig crypto;

    private record Sent(long at, String channel) {
    }

    @Test
    void changesOnOneReplicaAreObeyedByAnotherWithinFiveSeconds() throws Exception {
        assumeTrue(PayrouteProcess.packaged(), "needs the packaged application (mvn verify)");
        channels.claimCurrency(CURRENCY);
        String x = channels.create(channels.uniqueCode("rep-x"), CURRENCY, 100, 20, 2000);
        String y = channels.create(channels.uniqueCode("rep-y"), CURRENCY, 100, 20, 2000);

        try (PayrouteProcess second = new PayrouteProcess("replica", 8092, secondReplicaConfig())) {
            second.start().awaitReady(Duration.ofSeconds(60));
            // Each change leaves exactly one channel the replica can use, so what it routes to
            // afterwards shows it saw the change: success-rate routing alone may prefer either.
            obeyed(second, y, Map.of("weight", 0), x);
            change(y, Map.of("weight", 100));
            obeyed(second, x, Map.of("weight", 0), y);
            change(x, Map.of("weight", 100));
            obeyed(second, y, Map.of("enabled", false), x);
        } finally {
            channels.retire(x, y);
        }
    }

    /**
     * Applies {@code change} to {@code channel} on this replica; the other replica must stop routing
     * to it within 5 seconds and route to {@code other} instead.
     */
    private void obeyed(PayrouteProcess replica, String channel, Map<String, Object> change, String other) {
        long changed = change(channel, change);
        List<Sent> sent = sendFor(replica, Duration.ofSeconds(8));
        long after = lastUse(sent, channel, changed);
        LOG.infof("%s on %s: the other replica's last payment to it was %d ms after the change", change, channel, after);
        assertTrue(after < 5000, change + " on " + channel + " obeyed after " + after + " ms");
        assertTrue(sent.stream().anyMatch(s -> s.channel().equals(other) && s.at() >= changed + 5000),
                "the other replica routes to " + other + " once " + channel + " is out");
    }

    /** PATCH on this replica; returns when it was accepted. */
    private static long change(String channel, Map<String, Object> change) {
        Ops.ops().contentType("application/json").body(change).patch("/admin/channels/" + channel).then().statusCode(200);
        return System.currentTimeMillis();
    }

    /** How long after {@code since} the last payment was first routed to {@code channel} (0 if none). */
    private static long lastUse(List<Sent> sent, String channel, long since) {
        return sent.stream().filter(s -> s.channel().equals(channel) && s.at() >= since)
                .mapToLong(s -> s.at() - since).max().orElse(0);
    }

    private List<Sent> sendFor(PayrouteProcess replica, Duration duration) {
        List<Sent> sent = new ArrayList<>();
        long end = System.currentTimeMillis() + duration.toMillis();
        while (System.currentTimeMillis() < end) {
            sent.add(routeOne(replica));
        }
        return sent;
    }

    private Sent routeOne(PayrouteProcess replica) {
        long at = System.currentTimeMillis();
        String id = replica.asMerchant(Payments.DEMO_KEY).body(Payments.body(Payments.orderNo("REPLICA"), "1.00", CURRENCY, "ICBC"))
                .post("/v1/payments").then().statusCode(202).extract().path("id");
        String channel = pool.preparedQuery("select channel_code from attempt where payment_id = $1 and seq = 1")
                .execute(Tuple.of(id)).await().indefinitely().iterator().next().getString(0);
        return new Sent(at, channel);
    }

    /** The same services and data as this test application, as a production build would be configured. */
    private Map<String, String> secondReplicaConfig() throws Exception {
        Config config = ConfigProvider.getConfig();
        Map<String, String> c = new LinkedHashMap<>();
        for (String key : new String[] { "quarkus.datasource.reactive.url", "quarkus.datasource.jdbc.url", "quarkus.datasource.username",
                "quarkus.datasource.password", "quarkus.redis.hosts", "rabbitmq-host", "rabbitmq-port", "rabbitmq-username",
                "rabbitmq-password", "rabbitmq-virtual-host", "payroute.query.schedule", "payroute.sweeper.interval", "payroute.sweeper.routed-after",
                "payroute.sweeper.submitting-margin", "payroute.sweeper.query-grace" }) {
            config.getOptionalValue(key, String.class).ifPresent(v -> c.put(key, v));
        }
        // the schema belongs to the test application (with its dev seeds); the replica only uses it
        c.put("quarkus.flyway.migrate-at-start", "false");
        c.put("payroute.crypto.account-key", crypto.accountKey().orElseGet(() -> read(crypto.devKeyFile())));
        c.put("payroute.crypto.account-index-key", crypto.accountIndexKey().orElseGet(() -> read(crypto.devIndexKeyFile())));
        c.put("payroute.security.urls.allow-http", "true");
        c.put("payroute.security.urls.allowlist", "127.0.0.0/8,::1/128");
        return c;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
