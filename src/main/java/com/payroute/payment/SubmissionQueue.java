package com.payroute.payment;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.channel.ChannelQueues;
import com.payroute.channel.Purpose;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Payment attempts on their channel's transaction queue ({@code tx.<channel>}, kind "attempt"). A
 * publish that fails is not an error for the caller: the attempt is ROUTED in PostgreSQL and the
 * sweeper publishes it again.
 */
@ApplicationScoped
public class SubmissionQueue {

    private static final Logger LOG = Logger.getLogger(SubmissionQueue.class);
    public static final String KIND = "attempt";

    private final ChannelQueues queues;

    SubmissionQueue(ChannelQueues queues) {
        this.queues = queues;
    }

    /** Publishes and reports whether the broker confirmed; never fails. */
    public Uni<Boolean> publish(RoutedAttempt attempt) {
        return queues.publish(Purpose.SUBMIT, attempt.channelCode(), KIND, attempt.attemptId(), toJson(attempt), Duration.ZERO)
                .replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("attempt %s of payment %s not published (%s); the sweeper will publish it",
                            attempt.attemptId(), attempt.paymentId(), failure.toString());
                    return false;
                });
    }

    /** Publishes after {@code delay} (the worker's no-permit back-off); fails if the broker did not confirm. */
    public Uni<Void> publishLater(RoutedAttempt attempt, Duration delay) {
        return queues.publish(Purpose.SUBMIT, attempt.channelCode(), KIND, attempt.attemptId(), toJson(attempt), delay);
    }

    public static RoutedAttempt read(JsonObject body, String channelCode) {
        String attemptId = body.getString("attemptId");
        String paymentId = body.getString("paymentId");
        String merchantId = body.getString("merchantId");
        if (attemptId == null || paymentId == null || merchantId == null) {
            throw new IllegalArgumentException("not a transaction message");
        }
        return new RoutedAttempt(attemptId, paymentId, merchantId, channelCode);
    }

    private static JsonObject toJson(RoutedAttempt attempt) {
        return new JsonObject()
                .put("attemptId", attempt.attemptId())
                .put("paymentId", attempt.paymentId())
                .put("merchantId", attempt.merchantId());
    }
}
