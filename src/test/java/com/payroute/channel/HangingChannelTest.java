package com.payroute.channel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Invariant: every call that leaves the process has a timeout, and one dead channel slows only
 * its own queue. A channel that hangs leaves its payments UNKNOWN after its timeout, never sent
 * anywhere else, while another channel keeps completing its payments, each call well within its own
 * timeout, as long as the hanging calls are in flight.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HangingChannelTest {

    private static final String HANGING_CURRENCY = "CHF";
    private static final String HEALTHY_CURRENCY = "AUD";

    @Inject
    TestChannels channels;
    @Inject
    Pool pool;

    String hanging;
    String healthy;
    String hangingBackup;

    @BeforeAll
    void channels() {
        channels.claimCurrency(HANGING_CURRENCY);
        channels.claimCurrency(HEALTHY_CURRENCY);
        hanging = channels.create(channels.uniqueCode("hang"), HANGING_CURRENCY, 100, 5, 800);
        healthy = channels.create(channels.uniqueCode("healthy"), HEALTHY_CURRENCY, 100, 20, 3000);
        Sim.behave(healthy, Map.of("latencyMs", 30));
    }

    @AfterAll
    void retire() {
        Sim.behave(hanging, Map.of("down", false));
        channels.retire(hanging, hangingBackup, healthy);
    }

    @Test
    void hangingChannelGoesUnknownAndNothingElseSlowsDown() {
        Sim.behave(hanging, Map.of("down", true, "downMode", "HANG", "hangMs", 120_000));
        List<String> stuck = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            stuck.add(Payments.create(Payments.body(Payments.orderNo("HANG"), "10.00", HANGING_CURRENCY, "ABC"))
                    .then().statusCode(202).extract().<String>path("id"));
        }
        // Only now a second channel for the same currency: were anything re-sent, it would land here. Created
        // earlier, it would take the payments routed once the in-flight snapshot shows the hanging channel
        // full, and fewer than the calls this test needs would ever reach the hanging channel.
        hangingBackup = channels.create(channels.uniqueCode("hang-backup"), HANGING_CURRENCY, 1, 5, 800);
        Sim.behave(hangingBackup, Map.of("latencyMs", 30));
        await().atMost(Duration.ofSeconds(5)).until(() -> Sim.describe(hanging).getInt("inFlightAll") >= 5);
        List<String> healthyPayments = completeOnHealthyChannel(20);
        assertTrue(Sim.describe(hanging).getInt("inFlightAll") > 0 || Sim.describe(hanging).getLong("received") >= 5,
                "the hanging calls were in flight meanwhile");

        // 5 in flight at a time, 800 ms each. Once its circuit opens, what is still queued for the
        // hanging channel is not called at all (NOT_TAKEN, safely routed on); what was called stays UNKNOWN.
        await().atMost(Duration.ofSeconds(20)).until(() -> stuck.stream()
                .noneMatch(id -> List.of("ROUTED", "SUBMITTING").contains(firstAttempt(id).getString("status"))));
        int unknown = 0;
        for (String id : stuck) {
            Row first = firstAttempt(id);
            assertEquals(hanging, first.getString("channel_code"), "routed while the hanging channel was the only one");
            if ("UNKNOWN".equals(first.getString("status"))) {
                unknown++;
                assertEquals("TIMEOUT", first.getString("outcome_code"));
                assertEquals("PROCESSING", Payments.get(id).getString("status"), "an ambiguous payment is not failed");
                assertEquals(1L, attempts(id), "an attempt that may have reached the channel is never sent elsewhere");
                assertTrue(Sim.takenBy(id).isEmpty(), "no other channel took it");
            } else {
                assertEquals("NOT_TAKEN", first.getString("status"));
                assertEquals("CIRCUIT_OPEN", first.getString("outcome_code"), "only a channel never called is left");
            }
        }
        assertTrue(unknown >= 5, "at least the first calls timed out: " + unknown);
        for (String id : healthyPayments) {
            Integer latency = pool.preparedQuery("select latency_ms from attempt where payment_id = $1 and status = 'SUCCEEDED'")
                    .execute(Tuple.of(id)).await().indefinitely().iterator().next().getInteger(0);
            assertTrue(latency < 3000, "a healthy call never waited for its timeout: " + latency + " ms");
        }
    }

    /** Payments on the healthy channel, each waited for (Prefer: wait): every one must succeed. */
    private List<String> completeOnHealthyChannel(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Response r = Payments.createAndWait(Payments.body(Payments.orderNo("FAST"), "5.00", HEALTHY_CURRENCY, "ICBC"), 10);
            assertEquals("SUCCEEDED", r.jsonPath().getString("status"));
            ids.add(r.jsonPath().getString("id"));
        }
        return ids;
    }

    private Row firstAttempt(String paymentId) {
        return pool.preparedQuery("select status, outcome_code, channel_code from attempt where payment_id = $1 and seq = 1")
                .execute(Tuple.of(paymentId)).await().indefinitely().iterator().next();
    }

    private long attempts(String paymentId) {
        return pool.preparedQuery("select count(*) from attempt where payment_id = $1").execute(Tuple.of(paymentId))
                .await().indefinitely().iterator().next().getLong(0);
    }
}
