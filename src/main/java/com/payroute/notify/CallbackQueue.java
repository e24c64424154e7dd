package com.payroute.notify;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.messaging.MessagePublisher;
import com.payroute.messaging.RabbitTopology;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * The per-merchant callback queues ({@code notify.<merchant>}): one merchant's slow endpoint
 * backs up only its own queue. Retries go through delay queues on API.md's schedule.
 */
@ApplicationScoped
public class CallbackQueue {

    private static final Logger LOG = Logger.getLogger(CallbackQueue.class);

    /** "Send try {@code attempt} of this callback." */
    public record CallbackTry(String eventId, String merchantId, int attempt) {
    }

    private final MessagePublisher publisher;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();

    CallbackQueue(MessagePublisher publisher) {
        this.publisher = publisher;
    }

    /** Sends each committed event's first try, in order; never fails. */
    public Uni<Void> dispatchAll(java.util.List<CallbackDue> callbacks) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (CallbackDue callback : callbacks) {
            chain = chain.chain(() -> dispatch(callback));
        }
        return chain;
    }

    /** Sends a committed event's first try; never fails (the sweeper sends what is overdue). */
    public Uni<Void> dispatch(CallbackDue callback) {
        return publish(new CallbackTry(callback.eventId(), callback.merchantId(), 0), Duration.ZERO).replaceWithVoid();
    }

    /** Reports whether the broker confirmed; never fails (the sweeper resends overdue callbacks). */
    public Uni<Boolean> publish(CallbackTry callback, Duration delay) {
        JsonObject body = new JsonObject()
                .put("eventId", callback.eventId())
                .put("merchantId", callback.merchantId())
                .put("attempt", callback.attempt());
        String messageId = callback.eventId() + "/" + callback.attempt();
        Uni<Void> declare = declared.contains(callback.merchantId()) ? Uni.createFrom().voidItem()
                : publisher.declareMerchant(callback.merchantId()).invoke(() -> declared.add(callback.merchantId()));
        return declare
                .chain(() -> delay.isZero()
                        ? publisher.publish(RabbitTopology.NOTIFY_EXCHANGE, callback.merchantId(), messageId, body)
                        : publisher.publishDelayed(RabbitTopology.NOTIFY_EXCHANGE, callback.merchantId(), messageId, body, delay))
                .replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("callback %s try %d not published (%s); the sweeper will send it",
                            callback.eventId(), callback.attempt(), failure.toString());
                    return false;
                });
    }

    static CallbackTry read(JsonObject body) {
        String eventId = body.getString("eventId");
        String merchantId = body.getString("merchantId");
        Integer attempt = body.getInteger("attempt");
        if (eventId == null || merchantId == null || attempt == null || attempt < 0) {
            throw new IllegalArgumentException("not a callback message");
        }
        return new CallbackTry(eventId, merchantId, attempt);
    }
}
