package com.payroute.channel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.payment.RoutedAttempt;
import com.payroute.payment.SubmissionQueue;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Invariant: every consumer is idempotent. The same transaction message published again by hand
 * (while the first is in flight, and after it finished), each copy confirmed by the broker, never
 * reaches the channel a second time: the channel received one order, whatever its outcome. The
 * test waits until the worker has dropped every copy as a duplicate (counted), never for a time.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuplicateDeliveryTest {

    private static final String CURRENCY = "SGD";

    @Inject
    TestChannels channels;
    @Inject
    SubmissionQueue submissions;
    @Inject
    Pool pool;
    @Inject
    MeterRegistry meters;

    String channel;

    @BeforeAll
    void channel() {
        channels.claimCurrency(CURRENCY);
        channel = channels.create(channels.uniqueCode("dup"), CURRENCY, 100, 10, 3000);
        Sim.behave(channel, Map.of("latencyMs", 500, "successRate", 1.0, "deduplicate", false));
    }

    @AfterAll
    void retire() {
        channels.retire(channel);
    }

    @Test
    void theSameMessageThreeTimesIsOneCharge() {
        long receivedBefore = Sim.describe(channel).getLong("received");
        String id = Payments.create(Payments.body(Payments.orderNo("DUP"), "88.00", CURRENCY, "CMB"))
                .then().statusCode(202).extract().path("id");
        RoutedAttempt attempt = firstAttempt(id);

        double duplicatesBefore = duplicates();
        // two more copies while the first delivery is being sent (the channel takes 500 ms)
        assertTrue(submissions.publish(attempt).await().indefinitely(), "the broker confirmed the copy");
        assertTrue(submissions.publish(attempt).await().indefinitely(), "the broker confirmed the copy");

        assertEquals("SUCCEEDED", Payments.awaitTerminal(id, Duration.ofSeconds(20)).getString("status"));
        // and three more long after it finished: replays of an old message
        for (int i = 0; i < 3; i++) {
            assertTrue(submissions.publish(attempt).await().indefinitely(), "the broker confirmed the copy");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() >= duplicatesBefore + 5);

        assertEquals(1, Sim.charges(id), "one charge");
        assertEquals(receivedBefore + 1, Sim.describe(channel).getLong("received"), "the channel was called once");
        assertEquals(1L, pool.preparedQuery("select count(*) from attempt where payment_id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next().getLong(0));
    }

    @Test
    void aDuplicateOfAFailedAttemptIsNotRetriedEither() {
        Sim.behave(channel, Map.of("successRate", 0.0));
        try {
            String id = Payments.create(Payments.body(Payments.orderNo("DUP"), "9.00", CURRENCY, "CMB"))
                    .then().statusCode(202).extract().path("id");
            RoutedAttempt attempt = firstAttempt(id);
            assertEquals("FAILED", Payments.awaitTerminal(id, Duration.ofSeconds(20)).getString("status"));
            assertEquals("DECLINED", Payments.get(id).getString("failureCode"));
            long receivedBefore = Sim.describe(channel).getLong("received");
            double duplicatesBefore = duplicates();
            assertTrue(submissions.publish(attempt).await().indefinitely(), "the broker confirmed the copy");
            assertTrue(submissions.publish(attempt).await().indefinitely(), "the broker confirmed the copy");
            await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() >= duplicatesBefore + 2);
            assertEquals(receivedBefore, Sim.describe(channel).getLong("received"), "a FAILED attempt is never sent again");
            assertEquals(1, Sim.takenBy(id).size(), "taken once, by one channel");
            assertEquals("FAILED", Payments.get(id).getString("status"), "terminal states never change");
        } finally {
            Sim.behave(channel, Map.of("successRate", 1.0));
        }
    }

    /** Transaction messages the workers dropped because they changed nothing. */
    private double duplicates() {
        var counter = meters.find("payroute.messages.duplicate").tag("consumer", "tx").counter();
        return counter == null ? 0 : counter.count();
    }

    private RoutedAttempt firstAttempt(String paymentId) {
        Row row = pool.preparedQuery("select id, merchant_id, channel_code from attempt where payment_id = $1 and seq = 1")
                .execute(Tuple.of(paymentId)).await().indefinitely().iterator().next();
        return new RoutedAttempt(row.getString("id"), paymentId, row.getString("merchant_id"), row.getString("channel_code"));
    }
}
