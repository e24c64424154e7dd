package com.payroute.refund;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.support.Fixtures;
import com.payroute.support.Http;
import com.payroute.support.Refunds;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The sweeper covers refunds like payments: the database is put in the state a process killed at
 * each moment leaves, and every refund must end refunded exactly once, on its own channel.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefundSweeperTest {

    private static final String CURRENCY = "BOB";

    @Inject
    TestChannels channels;
    @Inject
    Fixtures fixtures;

    String channel;

    @BeforeAll
    void channel() {
        channels.claimCurrency(CURRENCY);
        // an order never sent is proven "not taken" by two 404s half a second apart
        channel = channels.create(channels.uniqueCode("rf-crash"), CURRENCY, 100, 10, 1000, 0, 500);
    }

    @AfterAll
    void retire() {
        channels.retire(channel);
    }

    @Test
    void killedAfterCommitBeforePublish() {
        String paymentId = Refunds.succeededPayment(CURRENCY, "30.00");
        String refundId = fixtures.refund(paymentId, "30.00", "ROUTED", 60);
        assertRefundedOnce(paymentId, refundId, "30.00");
    }

    @Test
    void killedDuringTheCallThatReachedTheChannel() {
        String paymentId = Refunds.succeededPayment(CURRENCY, "31.00");
        String refundId = fixtures.refund(paymentId, "31.00", "SUBMITTING", 60);
        // the call did reach the channel before the process died
        Http.given().contentType("application/json")
                .body(Map.of("refundNo", refundId, "orderNo", paymentId, "amount", "31.00", "currency", CURRENCY))
                .post("/sim/channels/" + channel + "/refunds").then().statusCode(200);
        assertRefundedOnce(paymentId, refundId, "31.00");
        assertEquals("1", fixtures.value("select submissions::text from refund where id = $1", refundId), "only queried");
    }

    @Test
    void killedAfterClaimBeforeTheCall() {
        String paymentId = Refunds.succeededPayment(CURRENCY, "32.00");
        String refundId = fixtures.refund(paymentId, "32.00", "SUBMITTING", 60);
        assertRefundedOnce(paymentId, refundId, "32.00");
        assertEquals("2", fixtures.value("select submissions::text from refund where id = $1", refundId),
                "sent again once the channel proved it never had it");
    }

    @Test
    void aLostQueryMessageIsSentAgain() {
        String paymentId = Refunds.succeededPayment(CURRENCY, "33.00");
        String refundId = fixtures.refund(paymentId, "33.00", "UNKNOWN", 60);
        Http.given().contentType("application/json")
                .body(Map.of("refundNo", refundId, "orderNo", paymentId, "amount", "33.00", "currency", CURRENCY))
                .post("/sim/channels/" + channel + "/refunds").then().statusCode(200);
        assertRefundedOnce(paymentId, refundId, "33.00");
    }

    private void assertRefundedOnce(String paymentId, String refundId, String amount) {
        assertEquals("SUCCEEDED", Refunds.awaitTerminal(refundId, Duration.ofSeconds(30)).getString("status"));
        List<Map<String, Object>> taken = Sim.refunds(refundId);
        assertEquals(1, taken.size());
        assertEquals(channel, taken.get(0).get("channel"));
        assertEquals(1, ((Number) taken.get(0).get("refunds")).intValue(), "refunded exactly once");
        assertEquals(0, new BigDecimal(amount).compareTo(Sim.refunded(paymentId)));
        assertEquals(amount, com.payroute.support.Payments.get(paymentId).getString("refundedAmount"));
    }
}
