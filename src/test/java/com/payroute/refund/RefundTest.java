package com.payroute.refund;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.support.Fixtures;
import com.payroute.support.Merchants;
import com.payroute.support.Payments;
import com.payroute.support.Refunds;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Refunds go back through the original route, never add up to more than was charged whatever the
 * concurrency, and an ambiguous refund is only queried, on its own channel, never sent twice.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefundTest {

    private static final String CURRENCY = "MXN";

    @Inject
    TestChannels channels;
    @Inject
    Fixtures fixtures;
    @Inject
    Merchants merchants;

    private final ExecutorService callers = Executors.newFixedThreadPool(30);
    private String channel;

    @BeforeAll
    void channel() {
        channels.claimCurrency(CURRENCY);
        channel = channels.create(channels.uniqueCode("refund"), CURRENCY, 100, 20, 2000);
    }

    @AfterAll
    void retire() {
        callers.shutdownNow();
        channels.retire(channel);
    }

    @Test
    void twentyConcurrentRefundsNeverAddUpToMoreThanWasCharged() throws Exception {
        String paymentId = Refunds.succeededPayment(CURRENCY, "100.00");
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String refundNo = Refunds.refundNo("RF20");
            calls.add(() -> Refunds.create(paymentId, Refunds.body(refundNo, "10.00")));
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> answer : callers.invokeAll(calls)) {
            answers.add(answer.get());
        }
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        for (Response answer : answers) {
            if (answer.statusCode() == 202) {
                accepted.add(answer.path("id"));
            } else {
                assertEquals(422, answer.statusCode(), answer.asString());
                assertEquals("REFUND_EXCEEDS_PAYMENT", answer.path("code"));
                refused++;
            }
        }
        assertEquals(10, accepted.size(), "exactly what fits in 100.00 was accepted");
        assertEquals(10, refused);
        BigDecimal succeeded = BigDecimal.ZERO;
        for (String id : accepted) {
            var refund = Refunds.awaitTerminal(id, Duration.ofSeconds(20));
            if ("SUCCEEDED".equals(refund.getString("status"))) {
                succeeded = succeeded.add(new BigDecimal(refund.getString("amount")));
            }
        }
        assertTrue(succeeded.compareTo(new BigDecimal("100.00")) <= 0);
        assertEquals(0, new BigDecimal("100.00").compareTo(succeeded), "every accepted refund went through");
        assertEquals("100.00", Payments.get(paymentId).getString("refundedAmount"));
        assertEquals(0, succeeded.compareTo(Sim.refunded(paymentId)), "the channel's ledger agrees with payroute");
        // nothing left: one more cent is refused, and the list shows the ten
        Refunds.create(paymentId, Refunds.body(Refunds.refundNo("RF-MORE"), "0.01")).then().statusCode(422)
                .body("code", org.hamcrest.Matchers.equalTo("REFUND_EXCEEDS_PAYMENT"));
        assertEquals(10, com.payroute.support.Http.given().header("Authorization", "Bearer " + Payments.DEMO_KEY)
                .get("/v1/payments/" + paymentId + "/refunds").then().statusCode(200).extract().jsonPath().getList("$").size());
    }

    @Test
    void theSameRefundThirtyTimesAtOnceIsOneRefundAndOneChannelCall() throws Exception {
        String paymentId = Refunds.succeededPayment(CURRENCY, "80.00");
        Sim.reset(channel);
        Map<String, Object> body = Refunds.body(Refunds.refundNo("RF30"), "30.00");
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(() -> Refunds.create(paymentId, body));
        }
        List<String> ids = new ArrayList<>();
        int created = 0;
        for (Future<Response> answer : callers.invokeAll(calls)) {
            Response r = answer.get();
            assertTrue(r.statusCode() == 202 || r.statusCode() == 200, r.asString());
            created += r.statusCode() == 202 ? 1 : 0;
            ids.add(r.path("id"));
        }
        assertEquals(1, created, "one 202, the rest replays");
        assertEquals(1, ids.stream().distinct().count(), "one refund");
        assertEquals("SUCCEEDED", Refunds.awaitTerminal(ids.get(0), Duration.ofSeconds(20)).getString("status"));
        assertEquals(1L, Sim.describe(channel).getLong("refundsReceived"), "one call to the channel");
        assertEquals(0, new BigDecimal("30.00").compareTo(Sim.refunded(paymentId)));
        // the same number with other content is a conflict
        Refunds.create(paymentId, Refunds.body((String) body.get("merchantRefundNo"), "31.00")).then().statusCode(409)
                .body("code", org.hamcrest.Matchers.equalTo("IDEMPOTENCY_MISMATCH"))
                .body("refundId", org.hamcrest.Matchers.equalTo(ids.get(0)));
    }

    @Test
    void partialRefundsAddUpAndShowOnThePayment() {
        String paymentId = Refunds.succeededPayment(CURRENCY, "50.00");
        String first = Refunds.create(paymentId, Refunds.body(Refunds.refundNo("RFP"), "20.00")).then().statusCode(202)
                .header("Location", org.hamcrest.Matchers.containsString("/v1/refunds/"))
                .body("status", org.hamcrest.Matchers.equalTo("PROCESSING"))
                .body("paymentId", org.hamcrest.Matchers.equalTo(paymentId))
                .body("currency", org.hamcrest.Matchers.equalTo(CURRENCY)).extract().path("id");
        assertEquals("SUCCEEDED", Refunds.awaitTerminal(first, Duration.ofSeconds(20)).getString("status"));
        String second = Refunds.create(paymentId, Refunds.body(Refunds.refundNo("RFP"), "30")).then().statusCode(202)
                .extract().path("id");
        var done = Refunds.awaitTerminal(second, Duration.ofSeconds(20));
        assertEquals("30.00", done.getString("amount"));
        assertEquals("50.00", Payments.get(paymentId).getString("refundedAmount"));
        assertEquals(0, new BigDecimal("50.00").compareTo(Sim.refunded(paymentId)));
        Refunds.create(paymentId, Refunds.body(Refunds.refundNo("RFP"), "0.001")).then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("amount"));
    }

    @Test
    void onlyASucceededDebitOfOneselfCanBeRefunded() {
        // a PAYOUT
        var payout = Payments.with(Payments.body(Payments.orderNo("RF-PO"), "10.00", CURRENCY, "ICBC"), "type", "PAYOUT");
        String payoutId = Payments.create(payout).then().statusCode(202).extract().path("id");
        assertEquals("SUCCEEDED", Payments.awaitTerminal(payoutId, Duration.ofSeconds(20)).getString("status"));
        Refunds.create(payoutId, Refunds.body(Refunds.refundNo("RFX"), "1.00")).then().statusCode(422)
                .body("code", org.hamcrest.Matchers.equalTo("NOT_REFUNDABLE"));
        // a FAILED one
        Sim.behave(channel, Map.of("successRate", 0.0));
        String failedId;
        try {
            failedId = Payments.create(Payments.body(Payments.orderNo("RF-F"), "10.00", CURRENCY, "ICBC")).then().statusCode(202)
                    .extract().path("id");
            assertEquals("FAILED", Payments.awaitTerminal(failedId, Duration.ofSeconds(20)).getString("status"));
        } finally {
            Sim.behave(channel, Map.of("successRate", 1.0));
        }
        Refunds.create(failedId, Refunds.body(Refunds.refundNo("RFX"), "1.00")).then().statusCode(422)
                .body("code", org.hamcrest.Matchers.equalTo("NOT_REFUNDABLE"));
        // a PROCESSING one
        Fixtures.Stored open = fixtures.payment(channel, CURRENCY, "10.00", "PROCESSING", 0);
        Refunds.create(open.paymentId(), Refunds.body(Refunds.refundNo("RFX"), "1.00")).then().statusCode(422)
                .body("code", org.hamcrest.Matchers.equalTo("NOT_REFUNDABLE"));
        // another merchant's payment is not found, like an unknown one
        String paymentId = Refunds.succeededPayment(CURRENCY, "10.00");
        Merchants.Created other = merchants.create("rf_other", null);
        Refunds.create(paymentId, Refunds.body(Refunds.refundNo("RFX"), "1.00"), other.apiKey()).then().statusCode(404)
                .body("code", org.hamcrest.Matchers.equalTo("NOT_FOUND"));
        Refunds.create("pay_UNKNOWN", Refunds.body(Refunds.refundNo("RFX"), "1.00")).then().statusCode(404);
        com.payroute.support.Http.given().header("Authorization", "Bearer " + other.apiKey())
                .get("/v1/payments/" + paymentId + "/refunds").then().statusCode(404);
        // and a refund above the payment is refused before anything is stored
        Refunds.create(paymentId, Refunds.body(Refunds.refundNo("RFX"), "10.01")).then().statusCode(422)
                .body("code", org.hamcrest.Matchers.equalTo("REFUND_EXCEEDS_PAYMENT"));
        assertEquals("0", fixtures.value("select count(*) from refund where payment_id = $1", paymentId));
    }

    @Test
    void aFailedRefundGivesItsReservationBack() {
        String paymentId = Refunds.succeededPayment(CURRENCY, "40.00");
        Sim.behave(channel, Map.of("successRate", 0.0));
        String failed;
        try {
            failed = Refunds.create(paymentId, Refunds.body(Refunds.refundNo("RFF"), "40.00")).then().statusCode(202)
                    .extract().path("id");
            var refund = Refunds.awaitTerminal(failed, Duration.ofSeconds(20));
            assertEquals("FAILED", refund.getString("status"));
            assertEquals("DECLINED", refund.getString("failureCode"));
        } finally {
            Sim.behave(channel, Map.of("successRate", 1.0));
        }
        String again = Refunds.create(paymentId, Refunds.body(Refunds.refundNo("RFF"), "40.00")).then().statusCode(202)
                .extract().path("id");
        assertEquals("SUCCEEDED", Refunds.awaitTerminal(again, Duration.ofSeconds(20)).getString("status"));
        assertEquals("40.00", Payments.get(paymentId).getString("refundedAmount"));
    }
}
