package com.payroute.recovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.payroute.support.LocalServices;
import com.payroute.support.Payments;
import com.payroute.support.PayrouteProcess;
import com.payroute.support.SeparateInstance;
import com.payroute.support.Sim;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SIGTERM while channel calls are in flight: payroute stops taking messages, lets the calls
 * finish and records and acknowledges them before it exits; what it had not started stays queued.
 */
@QuarkusTest
class GracefulShutdownIT {

    @Inject
    Vertx vertx;
    @Inject
    Pool pool;
    @ConfigProperty(name = "payroute.simulator.base-url")
    String simulatorBaseUrl;

    @Test
    void inFlightCallsFinishBeforeExit() throws Exception {
        assumeTrue(LocalServices.available(), "needs rabbitmqctl and redis-cli of locally running services");
        assumeTrue(PayrouteProcess.packaged(), "needs the packaged application (mvn verify)");
        String channel = "g-slow-" + ThreadLocalRandom.current().nextInt(10_000, 99_999);
        Sim.behave(channel, Map.of("latencyMs", 3000));
        try (SeparateInstance instance = new SeparateInstance(vertx, pool, "graceful", 6);
                PayrouteProcess payroute = new PayrouteProcess("graceful", 8094, instance.processConfig())) {
            payroute.start().awaitReady(Duration.ofSeconds(60));
            instance.seedMerchant();
            instance.channel(channel, simulatorBaseUrl, 5, 10_000);

            List<String> ids = new ArrayList<>();
            ids.add(payroute.firstAccepted(instance.apiKey, "GRACE"));
            for (int i = 1; i < 10; i++) {
                ids.add(payroute.asMerchant(instance.apiKey).body(Payments.body(Payments.orderNo("GRACE"), "1.00", "CNY", "ICBC"))
                        .post("/v1/payments").then().statusCode(202).extract().<String>path("id"));
            }
            // the account's budget of 5 keeps one permit for queries: four calls in flight (3 s each), six queued
            await().atMost(Duration.ofSeconds(20)).until(() -> Sim.describe(channel).getInt("inFlight") == 4);
            long stopping = System.nanoTime();
            payroute.close(); // SIGTERM, waits for the exit
            long tookMs = (System.nanoTime() - stopping) / 1_000_000;

            long succeeded = count(instance, "select count(*) from payment where status = 'SUCCEEDED' and id = any($1)", ids);
            long started = count(instance, "select count(*) from attempt where status <> 'ROUTED' and payment_id = any($1)", ids);
            assertEquals(4, succeeded, "the four calls in flight finished and were recorded before exit");
            assertEquals(4, started, "nothing new was started after SIGTERM");
            assertEquals(4, Sim.describe(channel).getLong("received"));
            assertTrue(tookMs < 30_000, "stopped in " + tookMs + " ms");
        }
    }

    private static long count(SeparateInstance instance, String sql, List<String> ids) {
        return instance.pool().preparedQuery(sql).execute(Tuple.of(ids.toArray(String[]::new))).await().indefinitely()
                .iterator().next().getLong(0);
    }
}
