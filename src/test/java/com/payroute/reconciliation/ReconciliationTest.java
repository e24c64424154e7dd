package com.payroute.reconciliation;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.payroute.support.CallbackReceiver;
import com.payroute.support.Fixtures;
import com.payroute.support.Ops;
import com.payroute.support.Payments;
import com.payroute.support.Reconciliation;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;
import com.payroute.support.TestClock;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The books close every day: each kind of difference between a channel's statement and payroute is
 * found with the right kind and nothing else is reported, open orders the statement settled are
 * settled, a re-run changes nothing, the accounting day follows the channel's cut-off, and a missing
 * statement is reported. Differences the simulator cannot produce are made in the database.
 */
@QuarkusTest
class ReconciliationTest {

    @Inject
    TestChannels channels;
    @Inject
    Fixtures fixtures;
    @Inject
    TestClock clock;
    @Inject
    Reconciliations runs;
    @Inject
    com.payroute.channel.ChannelRegistry registry;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void everyKindIsFoundAndNothingElseAndOpenOrdersAreSettled() throws Exception {
        channels.claimCurrency("PHP");
        String channel = channels.create(channels.uniqueCode("rec"), "PHP", 100, 10, 2000);
        String other = channels.create(channels.uniqueCode("rec-other"), "PHP", 100, 10, 2000);
        LocalDate today = Reconciliation.dayOf(Instant.now());
        try (CallbackReceiver receiver = CallbackReceiver.answering(200)) {
            // on the other channel only: a payment that then also gets charged on this one (DUPLICATE_CHARGE)
            channels.update(channel, "enabled = false");
            String twice = succeeded("30.00");
            channels.update(channel, "enabled = true");
            channels.update(other, "enabled = false");
            assertEquals(200, Sim.submitDirectly(channel, twice, "30.00", "PHP"));

            String matched = succeeded("10.00");
            Sim.behave(channel, Map.of("ghostChargeRate", 1.0));
            String ghost = Payments.create(Payments.body(Payments.orderNo("REC"), "11.00", "PHP", "ICBC")).then().statusCode(202)
                    .extract().path("id");
            assertEquals("FAILED", Payments.awaitTerminal(ghost, Duration.ofSeconds(20)).getString("status")); // STATUS_MISMATCH
            Sim.behave(channel, Map.of("ghostChargeRate", 0.0));
            String amount = succeeded("12.00");
            fixtures.execute("update payment set amount = 12.50 where id = $1", amount); // AMOUNT_MISMATCH
            String payrouteOnly = stored(channel, "13.00", "SUCCEEDED", today); // PAYROUTE_ONLY: never reached the channel
            String channelOnly = stored(channel, "14.00", "NOT_TAKEN", today); // CHANNEL_ONLY: "not taken", yet charged
            Sim.submitDirectly(channel, channelOnly, "14.00", "PHP");
            // open in payroute, settled at the channel: one SUCCEEDED, one FAILED
            String openOk = stored(channel, "15.00", "UNKNOWN", today);
            fixtures.execute("update payment set notify_url = $2 where id = $1", openOk, receiver.url());
            Sim.submitDirectly(channel, openOk, "15.00", "PHP");
            String openFailed = stored(channel, "16.00", "UNKNOWN", today);
            Sim.behave(channel, Map.of("successRate", 0.0));
            Sim.submitDirectly(channel, openFailed, "16.00", "PHP");
            Sim.behave(channel, Map.of("successRate", 1.0));

            JsonPath run = Reconciliation.run(channel, today);
            assertEquals(1, run.getInt("counts.STATUS_MISMATCH"));
            assertEquals(1, run.getInt("counts.AMOUNT_MISMATCH"));
            assertEquals(1, run.getInt("counts.PAYROUTE_ONLY"));
            assertEquals(1, run.getInt("counts.CHANNEL_ONLY"));
            assertEquals(1, run.getInt("counts.DUPLICATE_CHARGE"));
            assertEquals(2, run.getInt("counts.SETTLED"));
            assertEquals(1, run.getInt("counts.MATCHED"), "the matched one: " + matched);
            Map<String, String> found = kinds(channel, today);
            assertEquals(Map.of(ghost, "STATUS_MISMATCH", amount, "AMOUNT_MISMATCH", payrouteOnly, "PAYROUTE_ONLY",
                    channelOnly, "CHANNEL_ONLY", twice, "DUPLICATE_CHARGE"), found, "each with its kind, nothing else");

            assertEquals("SUCCEEDED", Payments.get(openOk).getString("status"), "settled from the statement");
            assertEquals("FAILED", Payments.get(openFailed).getString("status"));
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(openOk).size() == 1);
            assertEquals("RECONCILED", Ops.viewer().queryParam("target", "attempt:" + fixtures.value(
                    "select id from attempt where payment_id = $1", openOk)).get("/admin/audit").then().extract().path("[0].after.reason"));

            // a re-run finds the same, and duplicates nothing
            JsonPath again = Reconciliation.run(channel, today);
            assertEquals(run.getString("id"), again.getString("id"));
            assertEquals(found, kinds(channel, today));
            assertEquals(3, again.getInt("counts.MATCHED"), "the settled two now match");

            // CHANNEL_ONLY resolved by a refund through the channel that took the money, after two approvals
            String discrepancy = discrepancyOf(channel, today, channelOnly);
            String review = Ops.ops().contentType("application/json").body(Map.of("action", "REFUND", "note", "give it back"))
                    .post("/admin/discrepancies/" + discrepancy + "/resolve").then().statusCode(202)
                    .body("kind", org.hamcrest.Matchers.equalTo("DISCREPANCY_RESOLUTION")).extract().path("id");
            assertEquals("RESOLVING", Ops.viewer().get("/admin/discrepancies/" + discrepancy).then().extract().path("status"));
            Ops.approveTwice(review);
            await().atMost(Duration.ofSeconds(20)).until(() -> Sim.refunded(channelOnly).compareTo(new BigDecimal("14.00")) == 0);
            assertEquals("RESOLVED", Ops.viewer().get("/admin/discrepancies/" + discrepancy).then().extract().path("status"));
            assertEquals(List.of(channel), Sim.refunds(fixtures.value("select id from refund where discrepancy_id = $1", discrepancy))
                    .stream().map(e -> e.get("channel")).toList());
            // AMOUNT_MISMATCH written off with a note
            String writeOff = Ops.ops().contentType("application/json").body(Map.of("action", "WRITE_OFF", "note", "fee kept by the bank"))
                    .post("/admin/discrepancies/" + discrepancyOf(channel, today, amount) + "/resolve").then().statusCode(202)
                    .extract().path("id");
            Ops.approveTwice(writeOff);
            assertEquals("fee kept by the bank", Ops.viewer().get("/admin/discrepancies/" + discrepancyOf(channel, today, amount))
                    .then().extract().path("resolution.note"));
        } finally {
            channels.retire(channel, other);
        }
    }

    @Test
    void anOrderSentAfterTheCutOffBelongsToTheNextDayInBothBooks() {
        channels.claimCurrency("LKR");
        String channel = channels.create(channels.uniqueCode("rec-cut"), "LKR", 100, 10, 2000);
        try {
            LocalDate day = Reconciliation.dayOf(Instant.now()).plusDays(2);
            clock.set(day.atTime(23, 59, 30).atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant());
            String late = Payments.createAndWait(Payments.body(Payments.orderNo("CUT"), "20.00", "LKR", "ICBC"), 10)
                    .then().statusCode(202).extract().path("id");
            assertEquals("SUCCEEDED", Payments.get(late).getString("status"));
            assertEquals(day.plusDays(1).toString(), fixtures.value("select accounting_day::text from attempt where payment_id = $1", late));
            JsonPath sameDay = Reconciliation.run(channel, day);
            assertEquals(0, sameDay.getInt("counts.MATCHED"));
            assertEquals(0L, sameDay.getLong("statementLines"));
            JsonPath nextDay = Reconciliation.run(channel, day.plusDays(1));
            assertEquals(1, nextDay.getInt("counts.MATCHED"));
            assertEquals(Map.of(), kinds(channel, day));
            assertEquals(Map.of(), kinds(channel, day.plusDays(1)));
        } finally {
            clock.reset();
            channels.retire(channel);
        }
    }

    @Test
    void twoReplicasStartingTheSameRunMakeOneRun() throws Exception {
        channels.claimCurrency("NPR");
        String channel = channels.create(channels.uniqueCode("rec-once"), "NPR", 100, 10, 2000);
        try {
            LocalDate day = Reconciliation.dayOf(Instant.now()).minusDays(5);
            ReconciliationRow waiting = runs.request(registry.find(channel).orElseThrow(), day, "test", true).await().indefinitely();
            // eight claims at once (as if from eight replicas), besides this replica's own scheduler
            List<CompletableFuture<Optional<ReconciliationRow>>> claims = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                claims.add(runs.claim(waiting.id()).subscribeAsCompletionStage());
            }
            int claimed = 0;
            for (CompletableFuture<Optional<ReconciliationRow>> claim : claims) {
                claimed += claim.get().isPresent() ? 1 : 0;
            }
            assertTrue(claimed <= 1, "at most one of them got it: " + claimed);
            // whoever got it (one of these or the scheduler), the run was taken exactly once
            assertEquals("1", fixtures.value("select fetches::text from reconciliation where id = $1", waiting.id()));
        } finally {
            channels.retire(channel);
        }
    }

    @Test
    void aStatementStillMissingPastItsDeadlineIsReported() {
        channels.claimCurrency("PKR");
        String channel = channels.create(channels.uniqueCode("rec-miss"), "PKR", 100, 10, 2000);
        Sim.behave(channel, Map.of("statementReadyAfterMs", 30L * 24 * 3600 * 1000));
        try {
            LocalDate day = Reconciliation.dayOf(Instant.now()).minusDays(3);
            String id = Ops.ops().contentType("application/json").body(Map.of("channel", channel, "day", day.toString()))
                    .post("/admin/reconciliations").then().statusCode(202).extract().path("id");
            await().atMost(Duration.ofSeconds(20)).until(() -> Ops.viewer().get("/admin/reconciliations/" + id).then().extract()
                    .jsonPath().getInt("fetches") >= 2);
            assertEquals("WAITING_FOR_STATEMENT", Ops.viewer().get("/admin/reconciliations/" + id).then().extract().path("status"));
            // at least this run: the daily run for yesterday also counts once its own deadline has passed
            java.util.regex.Pattern series = java.util.regex.Pattern.compile(
                    "payroute_reconciliation_statements_missing\\{channel=\"" + java.util.regex.Pattern.quote(channel) + "\"} ([0-9.]+)");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                java.util.regex.Matcher value = series.matcher(com.payroute.support.Http.given().get("/q/metrics").asString());
                return value.find() && Double.parseDouble(value.group(1)) >= 1.0;
            });
        } finally {
            channels.retire(channel);
        }
    }

    private String succeeded(String amount) {
        String id = Payments.create(Payments.body(Payments.orderNo("REC"), amount, "PHP", "ICBC")).then().statusCode(202)
                .extract().path("id");
        assertEquals("SUCCEEDED", Payments.awaitTerminal(id, Duration.ofSeconds(20)).getString("status"));
        return id;
    }

    /** A payment of m_demo whose attempt on {@code channel} is in {@code status}, sent on {@code day}, made in the database. */
    private String stored(String channel, String amount, String status, LocalDate day) {
        Fixtures.Stored stored = fixtures.payment(channel, "PHP", amount, "SUBMITTING", 0);
        fixtures.execute("update attempt set status = $2, accounting_day = $3, next_query_at = case when $2 = 'UNKNOWN' "
                + "then now() + interval '1 hour' end where id = $1", stored.attemptId(), status, day);
        String paymentStatus = switch (status) {
            case "SUCCEEDED" -> "SUCCEEDED";
            case "NOT_TAKEN" -> "FAILED";
            default -> "PROCESSING";
        };
        fixtures.execute("update payment set status = $2, completed_at = case when $2 = 'PROCESSING' then null else now() end "
                + "where id = $1", stored.paymentId(), paymentStatus);
        return stored.paymentId();
    }

    private static Map<String, String> kinds(String channel, LocalDate day) {
        JsonPath found = Reconciliation.discrepancies(channel, day);
        Map<String, String> kinds = new java.util.HashMap<>();
        List<String> orders = found.getList("orderNo");
        List<String> kindList = found.getList("kind");
        for (int i = 0; i < orders.size(); i++) {
            assertTrue(kinds.put(orders.get(i), kindList.get(i)) == null, "one discrepancy per order");
        }
        return kinds;
    }

    private static String discrepancyOf(String channel, LocalDate day, String orderNo) {
        JsonPath found = Reconciliation.discrepancies(channel, day);
        return found.getString("find { it.orderNo == '" + orderNo + "' }.id");
    }
}
