package com.payroute.channel;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.payroute.messaging.MessagePublisher;
import com.payroute.messaging.RabbitTopology;
import com.payroute.payment.RoutedAttempt;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * The per-channel transaction queues: a routed attempt goes to {@code tx.<channel>}. A publish
 * that fails is not an error for the caller: the attempt is ROUTED in PostgreSQL and the
 * sweeper publishes it again. Every replica that publishes declares the queues of every channel
 * (an API-only replica too): the exchange silently drops a message that has no queue to go to.
 */
@ApplicationScoped
public class SubmissionQueue {

    private static final Logger LOG = Logger.getLogger(SubmissionQueue.class);

    private final MessagePublisher publisher;
    private final ChannelRegistry registry;
    /** Channels whose queues this replica declared; a reconnection declares them again by itself. */
    private final Set<String> declared = ConcurrentHashMap.newKeySet();

    SubmissionQueue(MessagePublisher publisher, ChannelRegistry registry) {
        this.publisher = publisher;
        this.registry = registry;
    }

    void declareQueues(@Observes @Priority(30) StartupEvent event) {
        declare(registry.all());
    }

    void onChannelsChanged(@Observes ChannelsChanged event) {
        declare(event.channels());
    }

    private void declare(Collection<ChannelConfig> channels) {
        for (ChannelConfig channel : channels) {
            String code = channel.code();
            if (declared.add(code)) {
                publisher.declareChannel(code).subscribe().with(ok -> {
                }, failure -> {
                    declared.remove(code); // tried again on the next change, and on every connection
                    LOG.debugf("queues of %s declared on connection instead: %s", code, failure);
                });
            }
        }
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
