package com.payroute.payment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.channel.CallOutcome;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one statement that ends an attempt and its payment (outside a batch) keeps the rules of the
 * transaction it replaced: an outcome recorded twice changes nothing the second time, and an attempt
 * whose payment is no longer open ends alone, the payment untouched (logged for ops).
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentEndingTest {

    private static final String CURRENCY = "GEL";
    private static final CallOutcome SUCCEEDED = new CallOutcome(CallOutcome.Kind.SUCCEEDED, "OK", "paid", 200, 5L);

    @Inject
    TestChannels channels;
    @Inject
    PaymentTransitions transitions;
    @Inject
    Pool pool;

    private String channel;

    @BeforeAll
    void channel() {
        channels.claimCurrency(CURRENCY);
        channel = channels.create(channels.uniqueCode("ending"), CURRENCY, 100, 5, 2_000);
        // every order acknowledged (PROCESSING) and left open for longer than this test runs
        Sim.behave(channel, Map.of("asyncRate", 1.0, "settleMs", 600_000, "successRate", 1.0));
    }

    @AfterAll
    void reset() {
        Sim.reset(channel);
    }

    @Test
    void anOutcomeRecordedTwiceEndsThePaymentOnce() {
        String paymentId = openPayment("END");
        ClaimedAttempt attempt = transitions.load(attemptOf(paymentId)).await().atMost(Duration.ofSeconds(10)).orElseThrow();

        Settlement first = settle(attempt);
        Settlement second = settle(attempt);

        assertEquals(Settlement.Result.TERMINAL, first.result());
        assertEquals(PaymentStatus.SUCCEEDED, first.paymentStatus());
        assertEquals(Settlement.Result.NOT_APPLIED, second.result());
        assertEquals("SUCCEEDED", column("select status from payment where id = $1", paymentId));
        assertEquals("SUCCEEDED", column("select status from attempt where payment_id = $1", paymentId));
    }

    @Test
    void anAttemptWhosePaymentWasNoLongerOpenEndsAloneAndThePaymentKeepsItsState() {
        String paymentId = openPayment("ENDX");
        ClaimedAttempt attempt = transitions.load(attemptOf(paymentId)).await().atMost(Duration.ofSeconds(10)).orElseThrow();
        pool.preparedQuery("update payment set status = 'FAILED', completed_at = now() where id = $1")
                .execute(Tuple.of(paymentId)).await().atMost(Duration.ofSeconds(10));

        assertEquals(Settlement.Result.INCONSISTENT, settle(attempt).result());
        assertEquals("FAILED", column("select status from payment where id = $1", paymentId));
        assertEquals("SUCCEEDED", column("select status from attempt where payment_id = $1", paymentId));
    }

    private Settlement settle(ClaimedAttempt attempt) {
        return transitions.settle(attempt, AttemptStatus.AWAITING_QUERY, SUCCEEDED, Duration.ofSeconds(1))
                .await().atMost(Duration.ofSeconds(10));
    }

    /** A payment its channel acknowledged and keeps open: its attempt awaits queries. */
    private String openPayment(String prefix) {
        String id = Payments.create(Payments.body(Payments.orderNo(prefix), "12.00", CURRENCY, "ICBC"))
                .then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "PROCESSING".equals(column("select status from attempt where payment_id = $1", id)));
        return id;
    }

    private String attemptOf(String paymentId) {
        return column("select id from attempt where payment_id = $1", paymentId);
    }

    private String column(String sql, String paymentId) {
        var rows = pool.preparedQuery(sql).execute(Tuple.of(paymentId)).await().atMost(Duration.ofSeconds(10));
        return rows.rowCount() == 0 ? null : rows.iterator().next().getString(0);
    }
}
