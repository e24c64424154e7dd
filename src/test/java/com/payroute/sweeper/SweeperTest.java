package com.payroute.sweeper;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.query.QueryQueue;
import com.payroute.query.QueryRequest;
import com.payroute.support.Fixtures;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Crash safety, window by window: the database is put in the state a process killed at that
 * moment leaves behind, and the sweeper (with the query path) must carry every payment to a
 * terminal state with exactly one charge.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SweeperTest {

    private static final String CURRENCY = "MYR";

    @Inject
    TestChannels channels;
    @Inject
    Fixtures fixtures;
    @Inject
    Sweeper sweeper;
    @Inject
    Pool pool;

    String primary;
    String secondary;

    @BeforeAll
    void channels() {
        channels.claimCurrency(CURRENCY);
        // not-found grace and confirmation compressed like the test schedule: an order never sent is
        // proven "not taken" by two 404s half a second apart
        primary = channels.create(channels.uniqueCode("crash"), CURRENCY, 100, 10, 1000, 0, 500);
        secondary = channels.create(channels.uniqueCode("crash-2"), CURRENCY, 100, 10, 1000, 0, 500);
    }

    @AfterAll
    void retire() {
        channels.retire(primary, secondary);
    }

    @Test
    void killedAfterCommitBeforePublish() {
        // the payment and its ROUTED attempt are committed; the message never left
        Fixtures.Stored stored = fixtures.payment(primary, CURRENCY, "11.00", "ROUTED", 60);
        assertEquals("SUCCEEDED", Payments.awaitTerminal(stored.paymentId(), Duration.ofSeconds(20)).getString("status"));
        assertEquals(1, Sim.charges(stored.paymentId()));
        assertEquals(List.of(primary), Sim.takenBy(stored.paymentId()));
    }

    @Test
    void killedAfterClaimBeforeTheCall() {
        // claimed (SUBMITTING), but the channel was never called: it has no such order, and says so
        // twice, past the grace period counted from the call's recorded deadline
        Fixtures.Stored stored = fixtures.payment(primary, CURRENCY, "12.00", "SUBMITTING", 60);
        assertEquals("SUCCEEDED", Payments.awaitTerminal(stored.paymentId(), Duration.ofSeconds(20)).getString("status"));
        assertEquals("NOT_TAKEN", fixtures.attemptColumn(stored.attemptId(), "status"), "queried, found never taken");
        assertEquals("ORDER_NOT_FOUND", fixtures.attemptColumn(stored.attemptId(), "outcome_code"));
        assertEquals(List.of(secondary), Sim.takenBy(stored.paymentId()), "then sent to the other channel, once");
        assertEquals(1, Sim.charges(stored.paymentId()));
    }

    @Test
    void killedAfterTheCallBeforeTheOutcomeWasWritten() {
        // the channel took and charged the order; payroute died before recording it
        Fixtures.Stored stored = fixtures.payment(primary, CURRENCY, "13.00", "SUBMITTING", 60);
        assertEquals(200, Sim.submitDirectly(primary, stored.paymentId(), "13.00", CURRENCY));
        assertEquals("SUCCEEDED", Payments.awaitTerminal(stored.paymentId(), Duration.ofSeconds(20)).getString("status"));
        assertEquals("SUCCEEDED", fixtures.attemptColumn(stored.attemptId(), "status"));
        assertEquals(1L, fixtures.attempts(stored.paymentId()), "never sent again");
        assertEquals(1, Sim.charges(stored.paymentId()), "one charge: the one made before the crash");
    }

    @Test
    void aLostQueryMessageIsSentAgain() {
        Fixtures.Stored stored = fixtures.payment(primary, CURRENCY, "14.00", "UNKNOWN", 60);
        assertEquals(200, Sim.submitDirectly(primary, stored.paymentId(), "14.00", CURRENCY));
        assertEquals("SUCCEEDED", Payments.awaitTerminal(stored.paymentId(), Duration.ofSeconds(20)).getString("status"));
        assertEquals(1, Sim.charges(stored.paymentId()));
    }

    @Test
    void aPaymentPastItsDeadlineIsFlagged() {
        Fixtures.Stored stored = fixtures.payment(primary, CURRENCY, "15.00", "PROCESSING", 3600);
        // the channel really has it PROCESSING, so it stays open; but it is far too old
        Sim.behave(primary, Map.of("asyncRate", 1.0, "settleMs", 600_000));
        try {
            assertEquals(200, Sim.submitDirectly(primary, stored.paymentId(), "15.00", CURRENCY));
        } finally {
            Sim.behave(primary, Map.of("asyncRate", 0.0));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.paymentColumn(stored.paymentId(), "flagged_at") != null);
        assertEquals("PROCESSING_PAST_DEADLINE", fixtures.paymentColumn(stored.paymentId(), "flag_reason"));
        assertEquals("PROCESSING", fixtures.paymentColumn(stored.paymentId(), "status"), "flagging changes no state");
    }

    @Test
    void onlyOneReplicaSweepsAtATime() {
        SqlConnection other = pool.getConnection().await().indefinitely();
        try {
            other.query("begin").execute().await().indefinitely();
            other.preparedQuery("select pg_advisory_xact_lock($1)").execute(Tuple.of(0x7061_7972_6f75_7465L)).await().indefinitely();
            // another replica holds the sweeper lock: this one sweeps nothing
            Fixtures.Stored stored = fixtures.payment(primary, CURRENCY, "16.00", "ROUTED", 60);
            Sweeper.Sweep sweep = sweeper.sweep().await().indefinitely();
            assertFalse(sweep.leader());
            assertEquals(0, sweep.actions());
            assertEquals("ROUTED", fixtures.attemptColumn(stored.attemptId(), "status"));
            other.query("rollback").execute().await().indefinitely();
            assertEquals("SUCCEEDED", Payments.awaitTerminal(stored.paymentId(), Duration.ofSeconds(20)).getString("status"));
        } finally {
            other.closeAndAwait();
        }
    }

    @Test
    void lostMessagesComeBackOldestFirstAndBoundedPerChannelWhateverTheBacklog() {
        // A channel whose queue is never empty while the test looks: one call at a time, 5 s each.
        channels.claimCurrency("VND");
        String backlogged = channels.create(channels.uniqueCode("backlog"), "VND", 100, 1, 8000, 0, 500);
        Sim.behave(backlogged, Map.of("latencyMs", 5000));
        try {
            for (int i = 0; i < 3; i++) {
                Payments.create(Payments.body(Payments.orderNo("BACKLOG"), "1", "VND", "ICBC")).then().statusCode(202);
            }
            // 60 attempts whose messages were lost, committed at once, aged 2 minutes to 61 seconds
            List<Fixtures.Stored> lost = fixtures.routedAtOnce(backlogged, "VND", 60, 120);
            await().atMost(Duration.ofSeconds(10)).until(() -> republishedAt(lost).stream().filter(java.util.Objects::nonNull).count() == 60);
            List<java.time.OffsetDateTime> at = republishedAt(lost);
            assertEquals(2, new java.util.HashSet<>(at).size(), "two sweeps: at most 50 per channel and sweep, whatever the backlog");
            assertEquals(1, new java.util.HashSet<>(at.subList(0, 50)).size(), "the 50 oldest in the first");
            assertTrue(at.get(50).isAfter(at.get(0)), "the 10 newest in the next one");
            assertEquals(1, new java.util.HashSet<>(at.subList(50, 60)).size());
        } finally {
            Sim.behave(backlogged, Map.of("latencyMs", 20));
            channels.retire(backlogged);
        }
    }

    /** When each attempt was published again (its updated_at moved past its fixture age), or null. */
    private List<java.time.OffsetDateTime> republishedAt(List<Fixtures.Stored> stored) {
        List<java.time.OffsetDateTime> at = new java.util.ArrayList<>();
        for (Fixtures.Stored s : stored) {
            at.add(pool.preparedQuery("select case when updated_at > now() - interval '50 seconds' then updated_at end "
                    + "from attempt where id = $1").execute(Tuple.of(s.attemptId())).await().indefinitely()
                    .iterator().next().getOffsetDateTime(0));
        }
        return at;
    }

    @Test
    void duplicateQueryMessagesDoNotForkTheSchedule() {
        Fixtures.Stored stored = fixtures.payment(primary, CURRENCY, "17.00", "UNKNOWN", 0);
        Sim.behave(primary, Map.of("asyncRate", 1.0, "settleMs", 4000));
        try {
            assertEquals(200, Sim.submitDirectly(primary, stored.paymentId(), "17.00", CURRENCY));
        } finally {
            Sim.behave(primary, Map.of("asyncRate", 0.0));
        }
        QueryRequest step0 = new QueryRequest(stored.attemptId(), stored.paymentId(), "m_demo", primary, "default", 0);
        QueryQueue queue = io.quarkus.arc.Arc.container().instance(QueryQueue.class).get();
        for (int i = 0; i < 5; i++) {
            queue.publish(step0, Duration.ZERO).await().indefinitely();
        }
        assertEquals("SUCCEEDED", Payments.awaitTerminal(stored.paymentId(), Duration.ofSeconds(20)).getString("status"));
        int steps = Integer.parseInt(fixtures.attemptColumn(stored.attemptId(), "query_count"));
        assertTrue(steps <= 8, "one schedule, not five: " + steps + " steps for a 4 s settlement");
        assertEquals(1, Sim.charges(stored.paymentId()));
    }
}
