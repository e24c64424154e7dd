package com.payroute.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.payroute.support.LocalServices;
import com.payroute.support.Payments;
import com.payroute.support.PayrouteProcess;
import com.payroute.support.SeparateInstance;
import com.payroute.support.Sim;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Crash safety for real: payroute as its own process, 500 payments to channels with mixed
 * behaviour, killed with SIGKILL three times at random moments under load and started again.
 * Callers retry what they could not send (the same merchantOrderNo, as a business line would).
 * Afterwards every accepted payment is terminal, the simulator's ledger shows no order charged
 * twice, and its charges are exactly payroute's SUCCEEDED payments.
 */
@QuarkusTest
class KillIT {

    private static final Logger LOG = Logger.getLogger(KillIT.class);
    private static final int PAYMENTS = 500;
    private static final int KILLS = 3;

    @Inject
    Vertx vertx;
    @Inject
    Pool pool;
    @ConfigProperty(name = "payroute.simulator.base-url")
    String simulatorBaseUrl;

    @Test
    void killedThreeTimesUnderLoadLosesNothingAndChargesNothingTwice() throws Exception {
        assumeTrue(LocalServices.available(), "needs rabbitmqctl and redis-cli of locally running services");
        assumeTrue(PayrouteProcess.packaged(), "needs the packaged application (mvn verify)");
        String run = Integer.toString(ThreadLocalRandom.current().nextInt(10_000, 99_999));
        Map<String, Map<String, Object>> behaviours = Map.of(
                "k-fast-" + run, Map.of("latencyMs", 20, "successRate", 0.95),
                "k-slow-" + run, Map.of("latencyMs", 300, "successRate", 0.95),
                "k-late-" + run, Map.of("latencyMs", 30, "timeoutRate", 0.3, "hangMs", 5000, "successRate", 0.95),
                "k-async-" + run, Map.of("latencyMs", 30, "asyncRate", 0.5, "settleMs", 2000, "successRate", 0.95),
                "k-busy-" + run, Map.of("latencyMs", 100, "maxConcurrency", 3, "successRate", 0.95));

        try (SeparateInstance instance = new SeparateInstance(vertx, pool, "kill", 5);
                PayrouteProcess payroute = new PayrouteProcess("kill", 8090, instance.processConfig())) {
            payroute.start().awaitReady(Duration.ofSeconds(60));
            instance.seedMerchant();
            behaviours.forEach((code, behaviour) -> {
                Sim.behave(code, behaviour);
                instance.channel(code, simulatorBaseUrl, 10, 1000);
            });
            awaitRoutable(payroute, instance);

            Map<String, String> accepted = new ConcurrentHashMap<>(); // merchantOrderNo -> payment id
            ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<?>> sending = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < PAYMENTS; i++) {
                Map<String, Object> body = Payments.body("KILL-" + run + "-" + i, (1 + i % 50) + ".00", "CNY", "ICBC");
                sending.add(clients.submit(() -> send(payroute, instance.apiKey, body, accepted, refused)));
            }
            Thread killer = new Thread(() -> killAtRandom(payroute));
            killer.start();
            for (Future<?> f : sending) {
                f.get();
            }
            killer.join();
            clients.shutdown();
            long sentSeconds = (System.nanoTime() - started) / 1_000_000_000;

            awaitSettled(instance, Duration.ofSeconds(180));

            Report report = report(instance, accepted, behaviours.keySet());
            report.kills = payroute.starts() - 1;
            report.sentSeconds = sentSeconds;
            report.refused = refused.size();
            Files.writeString(Path.of("target", "kill-test-report.txt"), report.toString());
            LOG.info(report);

            assertEquals(KILLS, report.kills, "killed three times");
            assertEquals(PAYMENTS, report.accepted, "every payment was accepted in the end (callers retried)");
            assertEquals(0, refused.size(), "no caller got a 4xx: " + refused);
            assertEquals(PAYMENTS, report.stored, "one payment per merchantOrderNo, none lost");
            assertEquals(report.accepted, report.terminal + report.openButProcessingAtChannel, "every accepted payment is terminal");
            assertEquals(0, report.chargedTwice, "no order charged twice");
            assertEquals(Set.of(), report.chargedButNotSucceeded, "every charge is a SUCCEEDED payment");
            assertEquals(Set.of(), report.succeededButNotCharged, "every SUCCEEDED payment was charged");
            assertTrue(report.succeeded > PAYMENTS * 0.8, "most succeeded: " + report.succeeded);
        }
    }

    private static void send(PayrouteProcess payroute, String key, Map<String, Object> body,
            Map<String, String> accepted, ConcurrentLinkedQueue<String> refused) {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Response r = payroute.asMerchant(key).body(body).post("/v1/payments");
                if (r.statusCode() == 200 || r.statusCode() == 202) {
                    accepted.put((String) body.get("merchantOrderNo"), r.jsonPath().getString("id"));
                    return;
                }
                if (r.statusCode() >= 400 && r.statusCode() < 500) {
                    refused.add(body.get("merchantOrderNo") + ": " + r.statusCode() + " " + r.jsonPath().getString("code"));
                    return;
                }
            } catch (Exception down) {
                // connection refused while payroute is dead: retry the same request
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void killAtRandom(PayrouteProcess payroute) {
        try {
            for (int k = 0; k < KILLS; k++) {
                Thread.sleep(ThreadLocalRandom.current().nextLong(1500, 4000));
                payroute.kill();
                LOG.infof("kill -9 number %d", k + 1);
                Thread.sleep(ThreadLocalRandom.current().nextLong(200, 1500));
                payroute.start().awaitReady(Duration.ofSeconds(90));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitRoutable(PayrouteProcess payroute, SeparateInstance instance) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Response r = payroute.asMerchant(instance.apiKey).body(Payments.body(Payments.orderNo("PROBE"), "1.00", "CNY", "ICBC"))
                    .post("/v1/payments");
            if (r.statusCode() == 202) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the process never saw its channels");
    }

    private static void awaitSettled(SeparateInstance instance, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            long open = instance.pool().query("select count(*) from payment where status = 'PROCESSING' and merchant_order_no like 'KILL-%'")
                    .execute().await().indefinitely().iterator().next().getLong(0);
            if (open == 0) {
                return;
            }
            Thread.sleep(1000);
        }
    }

    private static Report report(SeparateInstance instance, Map<String, String> accepted, Set<String> channels) {
        Report report = new Report();
        report.accepted = accepted.size();
        Map<String, String> status = new HashMap<>();
        for (Row row : instance.pool().query("select id, status from payment where merchant_order_no like 'KILL-%'").execute()
                .await().indefinitely()) {
            status.put(row.getString("id"), row.getString("status"));
        }
        report.stored = status.size();
        Map<String, Integer> charges = new HashMap<>();
        Map<String, String> channelStatus = new HashMap<>();
        for (Map<String, Object> entry : Sim.ledger()) {
            if (channels.contains(entry.get("channel")) && status.containsKey(entry.get("orderNo"))) {
                String orderNo = (String) entry.get("orderNo");
                charges.merge(orderNo, ((Number) entry.get("charges")).intValue(), Integer::sum);
                channelStatus.put(orderNo, (String) entry.get("status"));
            }
        }
        Set<String> succeeded = new HashSet<>();
        for (Map.Entry<String, String> e : status.entrySet()) {
            switch (e.getValue()) {
                case "SUCCEEDED" -> {
                    report.terminal++;
                    report.succeeded++;
                    succeeded.add(e.getKey());
                }
                case "FAILED" -> {
                    report.terminal++;
                    report.failed++;
                }
                default -> {
                    if ("PROCESSING".equals(channelStatus.get(e.getKey()))) {
                        report.openButProcessingAtChannel++;
                    }
                }
            }
        }
        charges.forEach((orderNo, n) -> {
            if (n > 0) {
                report.charged++;
                if (!succeeded.contains(orderNo)) {
                    report.chargedButNotSucceeded.add(orderNo);
                }
            }
            if (n > 1) {
                report.chargedTwice++;
            }
        });
        for (String id : succeeded) {
            if (charges.getOrDefault(id, 0) == 0) {
                report.succeededButNotCharged.add(id);
            }
        }
        return report;
    }

    static final class Report {
        int kills;
        long sentSeconds;
        int refused;
        int accepted;
        int stored;
        int terminal;
        int succeeded;
        int failed;
        int openButProcessingAtChannel;
        int charged;
        int chargedTwice;
        Set<String> chargedButNotSucceeded = new HashSet<>();
        Set<String> succeededButNotCharged = new HashSet<>();

        @Override
        public String toString() {
            return "kill test: " + kills + " kills (SIGKILL) while sending for " + sentSeconds + " s; accepted " + accepted
                    + ", stored " + stored + ", terminal " + terminal + " (succeeded " + succeeded + ", failed " + failed
                    + "), still processing at the channel " + openButProcessingAtChannel + ", charged " + charged
                    + ", charged twice " + chargedTwice + ", charged but not SUCCEEDED " + chargedButNotSucceeded.size()
                    + ", SUCCEEDED but not charged " + succeededButNotCharged.size() + ", refused " + refused + "\n";
        }
    }
}
