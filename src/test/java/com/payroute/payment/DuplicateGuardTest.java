package com.payroute.payment;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import com.payroute.support.Ops;
import com.payroute.support.Payments;
import com.payroute.support.TestAccounts;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The duplicate-payment guard: same merchant, account, type and amount under another merchantOrderNo
 * within the window. Of concurrent look-alike DEBITs exactly one is accepted, the others refused with
 * the accepted one's id unless the customer confirmed; look-alike PAYOUTs are held for review.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuplicateGuardTest {

    private static final String CURRENCY = "GEL";

    @Inject
    TestChannels channels;
    @Inject
    Fixtures fixtures;

    private final ExecutorService callers = Executors.newFixedThreadPool(20);
    private String channel;

    @BeforeAll
    void channel() {
        channels.claimCurrency(CURRENCY);
        channel = channels.create(channels.uniqueCode("dup"), CURRENCY, 100, 20, 2000);
    }

    @AfterAll
    void retire() {
        callers.shutdownNow();
        channels.retire(channel);
    }

    @Test
    void ofTwentyConcurrentLookAlikeDebitsExactlyOneIsAccepted() throws Exception {
        String account = TestAccounts.next();
        List<Response> answers = concurrently(20, i -> Payments.withAccount(
                Payments.body(Payments.orderNo("DUP"), "66.00", CURRENCY, "ICBC"), "number", account));
        List<Response> accepted = answers.stream().filter(r -> r.statusCode() == 202).toList();
        assertEquals(1, accepted.size(), "exactly one accepted");
        String acceptedId = accepted.get(0).path("id");
        for (Response r : answers) {
            if (r.statusCode() != 202) {
                r.then().statusCode(409).body("code", equalTo("DUPLICATE_SUSPECTED")).body("paymentId", equalTo(acceptedId));
            }
        }
        assertEquals("1", fixtures.value("select count(*) from payment p join payment a on a.account_index = p.account_index "
                + "where a.id = $1 and p.merchant_id = a.merchant_id", acceptedId), "nothing else was stored");
        // a replay of the accepted one is a replay, not a duplicate; the customer's confirmation gets through
        Map<String, Object> confirmed = Payments.with(Payments.withAccount(
                Payments.body(Payments.orderNo("DUP-OK"), "66.00", CURRENCY, "ICBC"), "number", account), "allowDuplicate", true);
        Payments.create(confirmed).then().statusCode(202);
        Payments.create(confirmed).then().statusCode(200);
        // another amount, or a PAYOUT, is no duplicate of these DEBITs
        Payments.create(Payments.withAccount(Payments.body(Payments.orderNo("DUP-OTHER"), "67.00", CURRENCY, "ICBC"), "number", account))
                .then().statusCode(202);
    }

    @Test
    void lookAlikePayoutsAreHeldForReview() throws Exception {
        String account = TestAccounts.next();
        List<Response> answers = concurrently(20, i -> Payments.with(Payments.withAccount(
                Payments.body(Payments.orderNo("DUP-PO"), "300.00", CURRENCY, "ICBC"), "number", account), "type", "PAYOUT"));
        List<String> statuses = answers.stream().map(r -> r.then().statusCode(202).extract().<String>path("status")).toList();
        assertEquals(1, statuses.stream().filter(s -> !"ON_HOLD".equals(s)).count(), "one goes on: " + statuses);
        assertEquals(19, statuses.stream().filter("ON_HOLD"::equals).count());
        for (Response r : answers) {
            if ("ON_HOLD".equals(r.path("status"))) {
                r.then().body("hold.reason", equalTo("DUPLICATE_SUSPECTED"));
                Ops.viewer().queryParam("target", "payment:" + r.path("id")).get("/admin/reviews").then().statusCode(200)
                        .body("[0].kind", equalTo("PAYOUT_HOLD")).body("[0].status", equalTo("PENDING"));
            }
        }
    }

    @Test
    void aDeclinedPaymentIsNoDuplicateOfItsRetry() {
        String account = TestAccounts.next();
        com.payroute.support.Sim.behave(channel, Map.of("successRate", 0.0));
        try {
            String declined = Payments.create(Payments.withAccount(Payments.body(Payments.orderNo("DUP-F"), "12.00", CURRENCY, "ICBC"),
                    "number", account)).then().statusCode(202).extract().path("id");
            assertEquals("FAILED", Payments.awaitTerminal(declined, java.time.Duration.ofSeconds(20)).getString("status"));
        } finally {
            com.payroute.support.Sim.behave(channel, Map.of("successRate", 1.0));
        }
        Payments.create(Payments.withAccount(Payments.body(Payments.orderNo("DUP-F"), "12.00", CURRENCY, "ICBC"), "number", account))
                .then().statusCode(202);
    }

    private List<Response> concurrently(int n, java.util.function.IntFunction<Map<String, Object>> body) throws Exception {
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> b = body.apply(i);
            calls.add(() -> Payments.create(b));
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> f : callers.invokeAll(calls)) {
            answers.add(f.get());
        }
        return answers;
    }
}
