package com.payroute.query;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.support.Fixtures;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Invariant: an attempt that may have reached a channel is only queried, never sent again, until
 * the channel has proven it never took it (404s past its not-found grace, confirmed; the rule
 * itself is tried in {@link NotFoundRuleTest}). Outcomes found by queries settle the payment.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnknownOutcomeTest {

    @Inject
    TestChannels channels;
    @Inject
    Fixtures fixtures;
    @Inject
    QuerySchedule schedule;

    @BeforeAll
    void currencies() {
        for (String currency : List.of("SEK", "NOK", "DKK", "THB")) {
            channels.claimCurrency(currency);
        }
    }

    @Test
    void timeoutThenSucceededOnQueryIsOneCharge() {
        String channel = channels.create(channels.uniqueCode("late"), "SEK", 100, 5, 500);
        // takes and settles the order, but answers only after the client gave up
        Sim.behave(channel, Map.of("timeoutRate", 1.0, "hangMs", 30_000, "successRate", 1.0));
        String backup = null;
        try {
            String id = Payments.create(Payments.body(Payments.orderNo("LATE"), "42.00", "SEK", "ICBC"))
                    .then().statusCode(202).extract().path("id");
            // Only now a backup: were the payment sent again, it would land here. Created before the payment,
            // directed exploration (which ignores weights above 0) could pick it for the first attempt.
            backup = channels.create(channels.uniqueCode("late-backup"), "SEK", 1, 5, 500);
            var payment = Payments.awaitTerminal(id, Duration.ofSeconds(20));
            assertEquals("SUCCEEDED", payment.getString("status"));
            assertEquals(1, Sim.charges(id), "charged once");
            assertEquals(List.of(channel), Sim.takenBy(id), "by the channel it was sent to, not the backup");
            assertEquals(1L, fixtures.attempts(id), "never sent again");
        } finally {
            channels.retire(channel, backup);
        }
    }

    @Test
    void notFoundOnQueryIsRoutedElsewhereAndChargedOnce() {
        // grace and confirmation compressed like the test schedule: two 404s half a second apart prove it
        String first = channels.create(channels.uniqueCode("lost"), "NOK", 100, 5, 500, 0, 500);
        Sim.behave(first, Map.of("down", true, "downMode", "HANG", "hangMs", 30_000));
        String id = Payments.create(Payments.body(Payments.orderNo("LOST"), "17.00", "NOK", "ICBC"))
                .then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> "UNKNOWN".equals(firstAttemptStatus(id)));

        // the only other channel appears; the first comes back and, asked, has never heard of the order
        String second = channels.create(channels.uniqueCode("found"), "NOK", 100, 5, 500);
        Sim.behave(first, Map.of("down", false));
        try {
            assertEquals("SUCCEEDED", Payments.awaitTerminal(id, Duration.ofSeconds(30)).getString("status"));
            assertEquals(List.of(second), Sim.takenBy(id), "taken by the second channel only");
            assertEquals(1, Sim.charges(id));
            assertEquals(2L, fixtures.attempts(id));
        } finally {
            channels.retire(first, second);
        }
    }

    @Test
    void processingSettlesThroughQueriesAlone() {
        String channel = channels.create(channels.uniqueCode("async"), "DKK", 100, 5, 1000);
        Sim.behave(channel, Map.of("asyncRate", 1.0, "settleMs", 3000, "successRate", 1.0));
        try {
            long postsBefore = Sim.describe(channel).getLong("received");
            String id = Payments.create(Payments.body(Payments.orderNo("ASYNC"), "99.00", "DKK", "ICBC"))
                    .then().statusCode(202).extract().path("id");
            await().atMost(Duration.ofSeconds(5)).until(() -> "PROCESSING".equals(firstAttemptStatus(id)));
            var payment = Payments.awaitTerminal(id, Duration.ofSeconds(20));
            assertEquals("SUCCEEDED", payment.getString("status"));
            assertEquals(postsBefore + 1, Sim.describe(channel).getLong("received"), "one submission, the rest were queries");
            assertTrue(Sim.describe(channel).getLong("queried") >= 1, "settled by queries");
            assertEquals(1, Sim.charges(id));
        } finally {
            channels.retire(channel);
        }
    }

    @Test
    void anExhaustedScheduleFlagsThePaymentAndNeverResends() {
        String channel = channels.create(channels.uniqueCode("stuck"), "THB", 100, 5, 1000);
        Sim.behave(channel, Map.of("asyncRate", 1.0, "settleMs", 600_000));
        try {
            String id = Payments.create(Payments.body(Payments.orderNo("STUCK"), "5.00", "THB", "ICBC"))
                    .then().statusCode(202).extract().path("id");
            await().atMost(Duration.ofSeconds(5)).until(() -> "PROCESSING".equals(firstAttemptStatus(id)));
            // skip to the last step of the schedule: the next query answer decides
            String attempt = fixtures.attemptColumn(firstAttemptId(id), "id");
            fixtures.execute("update attempt set query_count = $2, next_query_at = now() - interval '1 hour' where id = $1",
                    attempt, schedule.size() - 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> fixtures.paymentColumn(id, "flagged_at") != null);
            assertEquals("QUERY_SCHEDULE_EXHAUSTED", fixtures.paymentColumn(id, "flag_reason"));
            assertEquals("PROCESSING", fixtures.attemptColumn(attempt, "status"), "still open: it may hold money");
            assertEquals(null, fixtures.attemptColumn(attempt, "next_query_at"), "no more automatic queries");
            assertEquals("PROCESSING", Payments.get(id).getString("status"));
            assertEquals(1L, fixtures.attempts(id));
            // the daily re-query (补单) asks once a day on two days (every 3 s in tests), then leaves it to reconciliation and ops
            long exhausted = Sim.describe(channel).getLong("queried");
            await().atMost(Duration.ofSeconds(20)).until(() -> "2".equals(fixtures.attemptColumn(attempt, "daily_requeries"))
                    && Sim.describe(channel).getLong("queried") >= exhausted + 2);
            long queries = Sim.describe(channel).getLong("queried");
            await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> true);
            assertEquals(queries, Sim.describe(channel).getLong("queried"), "no query after the last daily re-query");
            assertEquals(exhausted + 2, queries, "exactly two daily re-queries");
            assertEquals(1L, fixtures.attempts(id), "never sent again");
            assertNotNull(fixtures.paymentColumn(id, "flagged_at"));
        } finally {
            channels.retire(channel);
        }
    }

    private String firstAttemptId(String paymentId) {
        return fixturesValue("select id from attempt where payment_id = $1 and seq = 1", paymentId);
    }

    private String firstAttemptStatus(String paymentId) {
        return fixturesValue("select status from attempt where payment_id = $1 and seq = 1", paymentId);
    }

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    private String fixturesValue(String sql, String param) {
        return pool.preparedQuery(sql).execute(io.vertx.mutiny.sqlclient.Tuple.of(param)).await().indefinitely()
                .iterator().next().getString(0);
    }
}
