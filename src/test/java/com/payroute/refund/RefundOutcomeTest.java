package com.payroute.refund;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.support.CallbackReceiver;
import com.payroute.support.Fixtures;
import com.payroute.support.Ops;
import com.payroute.support.Payments;
import com.payroute.support.Refunds;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A refund follows the payments' outcome rules on the channel that charged the payment, and only
 * there: an ambiguous call is queried and never sent twice, a busy channel is tried again later
 * (never replaced), only a proven "never taken" sends it again, and a disabled channel still takes
 * its refunds. Each ends with one {@code refund.*} callback.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefundOutcomeTest {

    @Inject
    TestChannels channels;
    @Inject
    Fixtures fixtures;

    @BeforeAll
    void currencies() {
        for (String currency : List.of("PEN", "COP", "CLP", "UYU", "ARS")) {
            channels.claimCurrency(currency);
        }
    }

    @Test
    void aTimedOutRefundIsQueriedAndRefundedOnceOnTheOriginalChannelOnly() {
        String original = channels.create(channels.uniqueCode("rf-late"), "PEN", 100, 5, 500);
        String paymentId = Refunds.succeededPayment("PEN", "60.00");
        // a healthier channel appears and the original one now answers refunds only after the client gave up
        String healthy = channels.create(channels.uniqueCode("rf-healthy"), "PEN", 1000, 5, 500);
        Sim.behave(original, Map.of("timeoutRate", 1.0, "hangMs", 30_000));
        try {
            String refundNo = Refunds.refundNo("RF-LATE");
            String id = Refunds.create(paymentId, Refunds.body(refundNo, "60.00")).then().statusCode(202).extract().path("id");
            await().atMost(Duration.ofSeconds(10)).until(() -> "UNKNOWN".equals(refundColumn(id, "status"))
                    || "SUCCEEDED".equals(refundColumn(id, "status")));
            assertEquals("SUCCEEDED", Refunds.awaitTerminal(id, Duration.ofSeconds(30)).getString("status"));
            assertEquals("1", refundColumn(id, "submissions"), "sent once, then only queried");
            List<Map<String, Object>> taken = Sim.refunds(id);
            assertEquals(1, taken.size());
            assertEquals(original, taken.get(0).get("channel"));
            assertEquals(1, ((Number) taken.get(0).get("refunds")).intValue(), "refunded exactly once");
            assertEquals(0, new BigDecimal("60.00").compareTo(Sim.refunded(paymentId)));
            assertEquals(0L, Sim.describe(healthy).getLong("refundsReceived"), "the healthier channel was never asked");
            assertTrue(Sim.describe(original).getLong("refundsQueried") >= 1);
        } finally {
            channels.retire(original, healthy);
        }
    }

    @Test
    void aBusyChannelIsTriedAgainLaterNeverReplaced() {
        String original = channels.create(channels.uniqueCode("rf-busy"), "COP", 100, 5, 1000);
        String paymentId = Refunds.succeededPayment("COP", "25.00");
        String other = channels.create(channels.uniqueCode("rf-other"), "COP", 1000, 5, 1000);
        Sim.behave(original, Map.of("maxConcurrency", 0)); // every call answered 429
        try {
            String id = Refunds.create(paymentId, Refunds.body(Refunds.refundNo("RF-BUSY"), "25.00")).then().statusCode(202)
                    .extract().path("id");
            await().atMost(Duration.ofSeconds(10)).until(() -> Integer.parseInt(refundColumn(id, "submissions")) >= 3);
            assertEquals("PROCESSING", Refunds.get(id).getString("status"));
            Sim.behave(original, Map.of("maxConcurrency", 50));
            assertEquals("SUCCEEDED", Refunds.awaitTerminal(id, Duration.ofSeconds(20)).getString("status"));
            assertEquals(List.of(original), Sim.refunds(id).stream().map(e -> e.get("channel")).toList());
            assertEquals(0L, Sim.describe(other).getLong("refundsReceived"));
        } finally {
            channels.retire(original, other);
        }
    }

    @Test
    void aDisabledChannelStillTakesItsRefunds() {
        String original = channels.create(channels.uniqueCode("rf-off"), "CLP", 100, 5, 1000);
        String paymentId = Refunds.succeededPayment("CLP", "700");
        channels.retire(original); // disabled: no new payments
        String id = Refunds.create(paymentId, Refunds.body(Refunds.refundNo("RF-OFF"), "700")).then().statusCode(202)
                .extract().path("id");
        assertEquals("SUCCEEDED", Refunds.awaitTerminal(id, Duration.ofSeconds(20)).getString("status"));
        assertEquals(List.of(original), Sim.refunds(id).stream().map(e -> e.get("channel")).toList());
    }

    @Test
    void onlyAProvenNotFoundSendsARefundAgainToTheSameChannel() {
        // grace 0 and confirmation 500 ms: two 404s half a second apart prove the refund never arrived
        String original = channels.create(channels.uniqueCode("rf-lost"), "UYU", 100, 5, 500, 0, 500);
        String paymentId = Refunds.succeededPayment("UYU", "12.00");
        Sim.behave(original, Map.of("down", true, "downMode", "HANG", "hangMs", 30_000));
        try {
            String id = Refunds.create(paymentId, Refunds.body(Refunds.refundNo("RF-LOST"), "12.00")).then().statusCode(202)
                    .extract().path("id");
            await().atMost(Duration.ofSeconds(10)).until(() -> "UNKNOWN".equals(refundColumn(id, "status")));
            Sim.behave(original, Map.of("down", false));
            assertEquals("SUCCEEDED", Refunds.awaitTerminal(id, Duration.ofSeconds(30)).getString("status"));
            assertEquals("2", refundColumn(id, "submissions"), "sent again once the channel proved it never had it");
            assertEquals(1, Sim.refunds(id).size());
            assertEquals(1, ((Number) Sim.refunds(id).get(0).get("refunds")).intValue());
            assertEquals(0, new BigDecimal("12.00").compareTo(Sim.refunded(paymentId)));
        } finally {
            channels.retire(original);
        }
    }

    @Test
    void refundAndPaymentCallbacksNameTheirTypeAndOpsCanResendThem() throws Exception {
        String channel = channels.create(channels.uniqueCode("rf-cb"), "ARS", 100, 5, 1000);
        try (CallbackReceiver receiver = CallbackReceiver.answering(200)) {
            String paymentId = Payments.create(Payments.with(Payments.body(Payments.orderNo("RF-CB"), "90.00", "ARS", "ICBC"),
                    "notifyUrl", receiver.url())).then().statusCode(202).extract().path("id");
            assertEquals("SUCCEEDED", Payments.awaitTerminal(paymentId, Duration.ofSeconds(20)).getString("status"));
            String ok = Refunds.create(paymentId, Refunds.body(Refunds.refundNo("RF-CB"), "40.00")).then().statusCode(202)
                    .extract().path("id");
            Refunds.awaitTerminal(ok, Duration.ofSeconds(20));
            Sim.behave(channel, Map.of("successRate", 0.0));
            String declined = Refunds.create(paymentId, Refunds.body(Refunds.refundNo("RF-CB"), "10.00")).then().statusCode(202)
                    .extract().path("id");
            Refunds.awaitTerminal(declined, Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() >= 3);

            JsonPath payment = only(receiver, paymentId, "payment.succeeded");
            assertEquals("SUCCEEDED", payment.getString("status"));
            assertEquals("90.00", payment.getString("amount"));
            assertEquals("DEBIT", payment.getString("paymentType"), "the payment's own type, beside the event's");
            assertEquals(paymentId, payment.getString("payment.id"), "and the payment whole under its name");
            JsonPath refunded = only(receiver, ok, "refund.succeeded");
            assertEquals(paymentId, refunded.getString("paymentId"));
            assertEquals("40.00", refunded.getString("amount"));
            assertNotNull(refunded.getString("eventId"));
            JsonPath failed = only(receiver, declined, "refund.failed");
            assertEquals("FAILED", failed.getString("status"));

            // ops resend works for a refund event like for a payment's
            String eventId = refunded.getString("eventId");
            Ops.ops().post("/admin/notifications/" + eventId + "/resend").then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().stream()
                    .filter(r -> eventId.equals(r.eventId())).count() == 2);
        } finally {
            Sim.behave(channel, Map.of("successRate", 1.0));
            channels.retire(channel);
        }
    }

    private static JsonPath only(CallbackReceiver receiver, String objectId, String type) {
        List<JsonPath> bodies = receiver.received().stream().map(r -> new JsonPath(r.body()))
                .filter(b -> objectId.equals(b.getString("id"))).toList();
        assertEquals(1, bodies.size(), "one callback for " + objectId);
        assertEquals(type, bodies.get(0).getString("type"));
        return bodies.get(0);
    }

    private String refundColumn(String refundId, String column) {
        return fixtures.value("select " + column + "::text from refund where id = $1", refundId);
    }
}
