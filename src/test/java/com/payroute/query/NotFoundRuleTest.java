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
import com.payroute.support.Ops;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * "Never taken" must be proven (API.md section 2): real channels answer "no such order" for an
 * order still on its way into their ledger, or taken only when they answer. Each case has a backup
 * channel that would take (and charge) the payment if payroute ever believed a 404 too early; the
 * assertions are on the simulator's ledger and call counts.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotFoundRuleTest {

    @Inject
    TestChannels channels;
    @Inject
    Fixtures fixtures;
    @Inject
    Pool pool;

    @BeforeAll
    void currencies() {
        for (String currency : List.of("HUF", "CZK", "RON")) {
            channels.claimCurrency(currency);
        }
    }

    @Test
    void aNotFoundWithinTheGraceIsStillUnknown() {
        // The call times out; the channel has the order but shows it to queries only 8 s later, after
        // the first five steps of the schedule have seen 404. Default grace (120 s) and confirmation.
        String late = channels.create(channels.uniqueCode("invisible"), "HUF", 100, 5, 500);
        String backup = channels.create(channels.uniqueCode("invisible-backup"), "HUF", 1, 5, 500);
        Sim.behave(late, Map.of("timeoutRate", 1.0, "hangMs", 3000, "visibilityDelayMs", 8000));
        try {
            String id = firstOn(late, "HUF", "INVISIBLE");
            assertEquals("SUCCEEDED", Payments.awaitTerminal(id, Duration.ofSeconds(30)).getString("status"));
            assertEquals(List.of(late), Sim.takenBy(id), "on the first channel only");
            assertEquals(1, Sim.charges(id), "one charge");
            assertTrue(Sim.describe(late).getLong("queried") >= 3, "404s came first");
            assertEquals(1L, fixtures.attempts(id), "never sent elsewhere");
        } finally {
            channels.retire(late, backup);
        }
    }

    @Test
    void aTimeoutLoweredWhileACallIsInFlightDoesNotMakeItLost() {
        // The channel books the order only when it answers, 5 s after the call; the call was made with
        // an 8 s timeout. Ops lower the timeout to 100 ms meanwhile: the sweeper must still wait for
        // the call's own deadline, and any 404 is weighed against the config the call was made with.
        String booking = channels.create(channels.uniqueCode("booking"), "CZK", 100, 5, 8000, 0, 200);
        String backup = channels.create(channels.uniqueCode("booking-backup"), "CZK", 1, 5, 8000, 0, 200);
        Sim.behave(booking, Map.of("latencyMs", 5000, "bookOnAnswer", true));
        try {
            String id = firstOn(booking, "CZK", "BOOKING");
            long backupBefore = Sim.describe(backup).getLong("received");
            await().atMost(Duration.ofSeconds(5)).until(() -> "SUBMITTING".equals(attemptStatus(id)));
            Ops.ops().contentType("application/json").body(Map.of("timeoutMs", 100))
                    .patch("/admin/channels/" + booking).then().statusCode(200);
            assertEquals("SUCCEEDED", Payments.awaitTerminal(id, Duration.ofSeconds(30)).getString("status"));
            assertEquals(List.of(booking), Sim.takenBy(id), "taken by the first channel only");
            assertEquals(1, Sim.charges(id), "one charge");
            assertEquals(backupBefore, Sim.describe(backup).getLong("received"), "the backup was never called");
        } finally {
            channels.retire(booking, backup);
        }
    }

    @Test
    void anAcknowledgedOrderThatLaterSaysNotFoundIsFlaggedNeverResent() {
        // The channel answers PROCESSING, then every query 404 (it lost the order from view): with no
        // grace and no confirmation interval, only the acknowledgement keeps it from going elsewhere.
        String lying = channels.create(channels.uniqueCode("forgetful"), "RON", 100, 5, 1000, 0, 0);
        String backup = channels.create(channels.uniqueCode("forgetful-backup"), "RON", 1, 5, 1000, 0, 0);
        Sim.behave(lying, Map.of("asyncRate", 1.0, "settleMs", 600_000, "visibilityDelayMs", 600_000));
        try {
            String id = firstOn(lying, "RON", "FORGOT");
            long backupBefore = Sim.describe(backup).getLong("received");
            await().atMost(Duration.ofSeconds(15)).until(() -> fixtures.paymentColumn(id, "flagged_at") != null);
            assertEquals("NOT_FOUND_AFTER_ACKNOWLEDGED", fixtures.paymentColumn(id, "flag_reason"));
            await().atMost(Duration.ofSeconds(10)).until(() -> Sim.describe(lying).getLong("queried") >= 4);
            assertEquals("PROCESSING", Payments.get(id).getString("status"), "still open");
            assertNotNull(fixtures.attemptColumn(firstAttemptId(id), "acknowledged_at"));
            assertEquals("PROCESSING", fixtures.attemptColumn(firstAttemptId(id), "status"));
            assertEquals(1L, fixtures.attempts(id), "never sent elsewhere");
            assertEquals(List.of(lying), Sim.takenBy(id));
            assertEquals(backupBefore, Sim.describe(backup).getLong("received"), "no other channel was called");
        } finally {
            channels.retire(lying, backup);
        }
    }

    /** A payment whose first attempt went to {@code channel} (the backup's weight is 1, but exploration may pick it: then another). */
    private String firstOn(String channel, String currency, String prefix) {
        for (int i = 0; i < 20; i++) {
            String id = Payments.create(Payments.body(Payments.orderNo(prefix), "21.00", currency, "ICBC"))
                    .then().statusCode(202).extract().path("id");
            if (channel.equals(value("select channel_code from attempt where payment_id = $1 and seq = 1", id))) {
                return id;
            }
        }
        throw new IllegalStateException("no payment was routed to " + channel);
    }

    private String firstAttemptId(String paymentId) {
        return value("select id from attempt where payment_id = $1 and seq = 1", paymentId);
    }

    private String attemptStatus(String paymentId) {
        return value("select status from attempt where payment_id = $1 and seq = 1", paymentId);
    }

    private String value(String sql, String param) {
        return pool.preparedQuery(sql).execute(Tuple.of(param)).await().indefinitely().iterator().next().getString(0);
    }
}
