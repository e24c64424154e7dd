package com.payroute.channel;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.messaging.MessagePublisher;
import com.payroute.messaging.RabbitTopology;
import com.payroute.payment.RoutedAttempt;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * The per-channel transaction queues: a routed attempt goes to {@code tx.<channel>}. A publish
 * that fails is not an error for the caller: the attempt is ROUTED in PostgreSQL and the
 * sweeper publishes it again.
 */
@ApplicationScoped
public class SubmissionQueue {

    private static final Logger LOG = Logger.getLogger(SubmissionQueue.class);

    private final MessagePublisher publisher;

    SubmissionQueue(MessagePublisher publisher) {
        this.publisher = publisher;
    }

    /** Publishes and reports whether the broker confirmed; never fails. */
    public Uni<Boolean> publish(RoutedAttempt attempt) {
        return publisher.publish(RabbitTopology.TX_EXCHANGE, attempt.channelCode(), attempt.attemptId(), toJson(attempt))
                .replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("attempt %s of payment %s not published (%s); the sweeper will publish it",
                            attempt.attemptId(), attempt.paymentId(), failure.toString());
                    return false;
                });
    }

    /** Publishes after {@code delay} (a registered delay step); fails if the broker did not confirm. */
    public Uni<Void> publishLater(RoutedAttempt attempt, Duration delay) {
        return publisher.publishDelayed(RabbitTopology.TX_EXCHANGE, attempt.channelCode(), attempt.attemptId(),
                toJson(attempt), delay);
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
