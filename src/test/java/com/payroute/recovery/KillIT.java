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

import com.payroute.support.Http;
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
            payroute.firstAccepted(instance.apiKey, "PROBE");

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

            awaitNoneOpen(instance, "select count(*) from payment where status = 'PROCESSING' and merchant_order_no like 'KILL-%'",
                    Duration.ofSeconds(180));

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

    /**
     * Refunds under the same treatment: 120 SUCCEEDED payments each get two refunds of 60 % of their
     * amount, sent concurrently (so at most one of each pair fits) while payroute is killed three
     * times. Afterwards no refund is lost or left open, none was paid back twice, and for every payment
     * what the channels gave back equals payroute's SUCCEEDED refunds and never exceeds the charge.
     */
    @Test
    void refundsKilledThreeTimesAreNeitherLostNorPaidTwiceNorAboveTheCharge() throws Exception {
        assumeTrue(LocalServices.available(), "needs rabbitmqctl and redis-cli of locally running services");
        assumeTrue(PayrouteProcess.packaged(), "needs the packaged application (mvn verify)");
        String run = Integer.toString(ThreadLocalRandom.current().nextInt(10_000, 99_999));
        Map<String, Map<String, Object>> behaviours = Map.of(
                "kr-fast-" + run, Map.of("latencyMs", 20),
                "kr-late-" + run, Map.of("latencyMs", 30, "timeoutRate", 0.3, "hangMs", 5000),
                "kr-async-" + run, Map.of("latencyMs", 30, "asyncRate", 0.5, "settleMs", 2000),
                "kr-busy-" + run, Map.of("latencyMs", 100, "maxConcurrency", 3));
        int payments = 120;
        try (SeparateInstance instance = new SeparateInstance(vertx, pool, "killrefund", 6);
                PayrouteProcess payroute = new PayrouteProcess("killrefund", 8091, instance.processConfig())) {
            payroute.start().awaitReady(Duration.ofSeconds(60));
            instance.seedMerchant();
            behaviours.forEach((code, behaviour) -> {
                Sim.behave(code, behaviour);
                instance.channel(code, simulatorBaseUrl, 10, 1000);
            });
            payroute.firstAccepted(instance.apiKey, "PROBE");

            Map<String, String> paid = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> refusedPayments = new ConcurrentLinkedQueue<>();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<?>> sending = new ArrayList<>();
            for (int i = 0; i < payments; i++) {
                Map<String, Object> body = Payments.body("KR-" + run + "-" + i, (10 + i % 40) + ".00", "CNY", "ICBC");
                sending.add(clients.submit(() -> send(payroute, instance.apiKey, body, paid, refusedPayments)));
            }
            for (Future<?> f : sending) {
                f.get();
            }
            awaitNoneOpen(instance, "select count(*) from payment where status = 'PROCESSING' and merchant_order_no like 'KR-%'",
                    Duration.ofSeconds(120));
            Map<String, java.math.BigDecimal> charged = new HashMap<>();
            for (Row row : instance.pool().query("select id, amount from payment where status = 'SUCCEEDED' "
                    + "and merchant_order_no like 'KR-%'").execute().await().indefinitely()) {
                charged.put(row.getString("id"), row.getBigDecimal("amount"));
            }

            Map<String, String> refunds = new ConcurrentHashMap<>(); // merchantRefundNo -> refund id
            ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
            sending.clear();
            int n = 0;
            for (Map.Entry<String, java.math.BigDecimal> payment : charged.entrySet()) {
                String part = payment.getValue().multiply(new java.math.BigDecimal("0.6")).setScale(2, java.math.RoundingMode.DOWN)
                        .toPlainString();
                for (int k = 0; k < 2; k++) {
                    String refundNo = "KRF-" + run + "-" + (n++);
                    Map<String, Object> body = Map.of("merchantRefundNo", refundNo, "amount", part);
                    sending.add(clients.submit(() -> send(payroute, instance.apiKey, "/v1/payments/" + payment.getKey() + "/refunds",
                            refundNo, body, refunds, refused)));
                }
            }
            Thread killer = new Thread(() -> killAtRandom(payroute));
            killer.start();
            for (Future<?> f : sending) {
                f.get();
            }
            killer.join();
            clients.shutdown();
            awaitNoneOpen(instance, "select count(*) from refund where status not in ('SUCCEEDED', 'FAILED')", Duration.ofSeconds(180));

            Map<String, String> refundStatus = new HashMap<>();
            Map<String, java.math.BigDecimal> succeededByPayment = new HashMap<>();
            Map<String, java.math.BigDecimal> bookedByPayment = new HashMap<>();
            for (Row row : instance.pool().query("select r.id, r.payment_id, r.amount, r.status, p.refunded_amount "
                    + "from refund r join payment p on p.id = r.payment_id").execute().await().indefinitely()) {
                refundStatus.put(row.getString("id"), row.getString("status"));
                bookedByPayment.put(row.getString("payment_id"), row.getBigDecimal("refunded_amount"));
                if ("SUCCEEDED".equals(row.getString("status"))) {
                    succeededByPayment.merge(row.getString("payment_id"), row.getBigDecimal("amount"), java.math.BigDecimal::add);
                }
            }
            int paidTwice = 0;
            Set<String> paidBack = new HashSet<>();
            for (Map<String, Object> entry : Http.given().get("/sim/refunds").then().extract().jsonPath()
                    .<Map<String, Object>>getList("$")) {
                if (refundStatus.containsKey(entry.get("refundNo")) && ((Number) entry.get("refunds")).intValue() > 0) {
                    paidBack.add((String) entry.get("refundNo"));
                    paidTwice += ((Number) entry.get("refunds")).intValue() > 1 ? 1 : 0;
                }
            }
            int overCharge = 0;
            int booksDisagree = 0;
            for (String paymentId : charged.keySet()) {
                java.math.BigDecimal back = Sim.refunded(paymentId);
                java.math.BigDecimal ours = succeededByPayment.getOrDefault(paymentId, java.math.BigDecimal.ZERO);
                overCharge += back.compareTo(charged.get(paymentId)) > 0 ? 1 : 0;
                booksDisagree += back.compareTo(ours) != 0
                        || ours.compareTo(bookedByPayment.getOrDefault(paymentId, java.math.BigDecimal.ZERO)) != 0 ? 1 : 0;
            }
            Set<String> succeededRefunds = new HashSet<>();
            refundStatus.forEach((id, status) -> {
                if ("SUCCEEDED".equals(status)) {
                    succeededRefunds.add(id);
                }
            });
            long open = refundStatus.values().stream().filter(s -> !"SUCCEEDED".equals(s) && !"FAILED".equals(s)).count();
            String report = "refund kill test: " + (payroute.starts() - 1) + " kills; payments charged " + charged.size()
                    + ", refunds sent " + n + ", accepted " + refunds.size() + ", refused " + refused.size() + ", stored "
                    + refundStatus.size() + ", succeeded " + succeededRefunds.size() + ", open " + open + ", paid back twice "
                    + paidTwice + ", payments refunded above the charge " + overCharge + ", payments whose books disagree "
                    + booksDisagree + "\n";
            Files.writeString(Path.of("target", "kill-refund-test-report.txt"), report);
            LOG.info(report);

            assertEquals(KILLS, payroute.starts() - 1, "killed three times");
            assertEquals(n, refunds.size() + refused.size(), "every refund request was answered in the end");
            assertTrue(refused.stream().allMatch(r -> r.endsWith("422 REFUND_EXCEEDS_PAYMENT")), "only over-refunds refused: " + refused);
            assertEquals(refunds.size(), refundStatus.size(), "one refund per merchantRefundNo, none lost");
            assertEquals(0, open, "every refund is terminal");
            assertEquals(0, paidTwice, "no refund paid back twice");
            assertEquals(0, overCharge, "no payment refunded above what was charged");
            assertEquals(0, booksDisagree, "the channels' books and payroute's agree for every payment");
            assertEquals(succeededRefunds, paidBack, "the refunds the channels paid are exactly payroute's SUCCEEDED ones");
            assertTrue(succeededRefunds.size() >= charged.size() * 0.9, "most payments got one refund: " + succeededRefunds.size());
        }
    }

    /**
     * A 2,000-item batch while payroute is killed three times (during the request, the insert or the
     * fan-out): the caller retries the same batch; afterwards there is one batch, every item exists
     * exactly once and is terminal, nothing was charged twice, and the batch's counts are its items'.
     */
    @Test
    void aBatchKilledThreeTimesHasEveryItemOnceAndChargesNothingTwice() throws Exception {
        assumeTrue(LocalServices.available(), "needs rabbitmqctl and redis-cli of locally running services");
        assumeTrue(PayrouteProcess.packaged(), "needs the packaged application (mvn verify)");
        String run = Integer.toString(ThreadLocalRandom.current().nextInt(10_000, 99_999));
        Map<String, Map<String, Object>> behaviours = Map.of(
                "kb-fast-" + run, Map.of("latencyMs", 20),
                "kb-late-" + run, Map.of("latencyMs", 30, "timeoutRate", 0.2, "hangMs", 3000));
        int itemCount = 2000;
        try (SeparateInstance instance = new SeparateInstance(vertx, pool, "killbatch", 7);
                PayrouteProcess payroute = new PayrouteProcess("killbatch", 8092, instance.processConfig())) {
            payroute.start().awaitReady(Duration.ofSeconds(60));
            instance.seedMerchant();
            behaviours.forEach((code, behaviour) -> {
                Sim.behave(code, behaviour);
                instance.channel(code, simulatorBaseUrl, 20, 1000);
            });
            payroute.firstAccepted(instance.apiKey, "PROBE");

            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < itemCount; i++) {
                Map<String, Object> item = Payments.body("KB-" + run + "-" + i, (1 + i % 30) + ".00", "CNY", "ICBC");
                item.remove("type");
                items.add(item);
            }
            Map<String, Object> batch = Map.of("merchantBatchNo", "KB-" + run, "type", "PAYOUT", "items", items);
            Map<String, String> accepted = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
            Thread killer = new Thread(() -> killAtRandom(payroute, 300, 2500));
            killer.start();
            send(payroute, instance.apiKey, "/v1/batches", "KB-" + run, batch, accepted, refused);
            killer.join();
            assertEquals(List.of(), List.copyOf(refused));
            awaitNoneOpen(instance, "select count(*) from payment where status in ('PROCESSING', 'ON_HOLD') and merchant_order_no like 'KB-%'",
                    Duration.ofSeconds(180));

            Row counts = instance.pool().query("""
                    select (select count(*) from batch) as batches,
                           (select count(*) from payment where batch_id is not null) as items,
                           (select count(distinct merchant_order_no) from payment where batch_id is not null) as distinct_items,
                           (select count(*) from payment where batch_id is not null and status = 'SUCCEEDED') as succeeded,
                           (select count(*) from payment where batch_id is not null and status = 'FAILED') as failed,
                           (select succeeded from batch) as batch_succeeded, (select failed from batch) as batch_failed,
                           (select status from batch) as batch_status""").execute().await().indefinitely().iterator().next();
            Set<String> succeeded = new HashSet<>();
            Set<String> itemIds = new HashSet<>();
            instance.pool().query("select id, status from payment where batch_id is not null").execute().await().indefinitely()
                    .forEach(row -> {
                        itemIds.add(row.getString("id"));
                        if ("SUCCEEDED".equals(row.getString("status"))) {
                            succeeded.add(row.getString("id"));
                        }
                    });
            int chargedTwice = 0;
            Set<String> charged = new HashSet<>();
            for (Map<String, Object> entry : Sim.ledger()) {
                if (itemIds.contains(entry.get("orderNo")) && ((Number) entry.get("charges")).intValue() > 0) {
                    chargedTwice += ((Number) entry.get("charges")).intValue() > 1 || !charged.add((String) entry.get("orderNo")) ? 1 : 0;
                }
            }
            String report = "batch kill test: " + (payroute.starts() - 1) + " kills; batches " + counts.getLong("batches") + ", items "
                    + counts.getLong("items") + " (distinct " + counts.getLong("distinct_items") + "), succeeded "
                    + counts.getLong("succeeded") + ", failed " + counts.getLong("failed") + ", batch says " + counts.getString("batch_status")
                    + " " + counts.getInteger("batch_succeeded") + "/" + counts.getInteger("batch_failed") + ", charged " + charged.size()
                    + ", charged twice " + chargedTwice + "\n";
            Files.writeString(Path.of("target", "kill-batch-test-report.txt"), report);
            LOG.info(report);

            assertEquals(KILLS, payroute.starts() - 1, "killed three times");
            assertEquals(1L, counts.getLong("batches"), "one batch");
            assertEquals(itemCount, counts.getLong("items"), "every item exists");
            assertEquals(itemCount, counts.getLong("distinct_items"), "...exactly once");
            assertEquals(itemCount, counts.getLong("succeeded") + counts.getLong("failed"), "every item is terminal");
            assertEquals("COMPLETED", counts.getString("batch_status"));
            assertEquals(counts.getLong("succeeded"), counts.getInteger("batch_succeeded").longValue(), "the batch's counts are its items'");
            assertEquals(counts.getLong("failed"), counts.getInteger("batch_failed").longValue());
            assertEquals(0, chargedTwice, "nothing charged twice");
            assertEquals(succeeded, charged, "the charges are exactly the SUCCEEDED items");
        }
    }

    private static void awaitNoneOpen(SeparateInstance instance, String countSql, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (instance.pool().query(countSql).execute().await().indefinitely().iterator().next().getLong(0) == 0) {
                return;
            }
            Thread.sleep(1000);
        }
    }

    private static void send(PayrouteProcess payroute, String key, Map<String, Object> body,
            Map<String, String> accepted, ConcurrentLinkedQueue<String> refused) {
        send(payroute, key, "/v1/payments", (String) body.get("merchantOrderNo"), body, accepted, refused);
    }

    /**
     * Sends until answered (a caller retrying the same request while payroute is dead): 200/202 records
     * {@code number} → id in {@code accepted}, a 4xx is recorded in {@code refused}.
     */
    private static void send(PayrouteProcess payroute, String key, String path, String number, Map<String, Object> body,
            Map<String, String> accepted, ConcurrentLinkedQueue<String> refused) {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Response r = payroute.asMerchant(key).body(body).post(path);
                if (r.statusCode() == 200 || r.statusCode() == 202) {
                    accepted.put(number, r.jsonPath().getString("id"));
                    return;
                }
                if (r.statusCode() >= 400 && r.statusCode() < 500) {
                    refused.add(number + ": " + r.statusCode() + " " + r.jsonPath().getString("code"));
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
        killAtRandom(payroute, 1500, 4000);
    }

    /** Kills the process {@link #KILLS} times, each between {@code fromMs} and {@code toMs} after it was ready. */
    private static void killAtRandom(PayrouteProcess payroute, long fromMs, long toMs) {
        try {
            for (int k = 0; k < KILLS; k++) {
                Thread.sleep(ThreadLocalRandom.current().nextLong(fromMs, toMs));
                payroute.kill();
                LOG.infof("kill -9 number %d", k + 1);
                Thread.sleep(ThreadLocalRandom.current().nextLong(200, 1500));
                payroute.start().awaitReady(Duration.ofSeconds(90));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
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
