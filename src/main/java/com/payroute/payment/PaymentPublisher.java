package com.payroute.payment;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.messaging.MessagingConfig;
import com.payroute.notify.CallbackDue;
import com.payroute.notify.CallbackQueue;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * What a newly stored payment calls for once committed: its first attempt on its channel's queue,
 * or the callback of one that failed at once (NO_ROUTE); held and deferred payments wait for their
 * review or for deferred routing. Counts new payments by status. Never fails: the sweeper republishes.
 *
 * <p>The accept does not wait for the attempt's confirm (it is committed ROUTED, which is what a 202
 * promises), unless {@code payroute.messaging.detached-publishes} are unconfirmed already: then it
 * waits, so a broker that stops confirming (a memory alarm) holds accepts back rather than piling up
 * publishes in the heap.
 */
@ApplicationScoped
public class PaymentPublisher {

    private final SubmissionQueue submissions;
    private final CallbackQueue callbacks;
    private final MeterRegistry meters;
    private final int detachedLimit;
    private final AtomicInteger unconfirmed = new AtomicInteger();

    PaymentPublisher(SubmissionQueue submissions, CallbackQueue callbacks, MeterRegistry meters, MessagingConfig config) {
        this.submissions = submissions;
        this.callbacks = callbacks;
        this.meters = meters;
        this.detachedLimit = config.detachedPublishes();
    }

    /** A new payment routed at once: count it and publish its attempt, waiting for the confirm only when many are unconfirmed. */
    public Uni<Void> attempt(RoutedAttempt attempt) {
        meters.counter("payroute.payments", "status", PaymentStatus.PROCESSING.name()).increment();
        boolean detached = unconfirmed.incrementAndGet() <= detachedLimit;
        Uni<Boolean> published = submissions.publish(attempt).eventually(unconfirmed::decrementAndGet);
        if (!detached) {
            return published.replaceWithVoid();
        }
        published.subscribe().with(confirmed -> {
        }); // never fails: a publish not confirmed is logged, and the sweeper publishes it again
        return Uni.createFrom().voidItem();
    }

    /** A new payment not routed now: count it; a failed one's callback goes out. */
    public Uni<Void> created(PaymentRow payment, CallbackDue callback) {
        meters.counter("payroute.payments", "status", payment.status().name()).increment();
        return callback == null ? Uni.createFrom().voidItem() : callbacks.dispatch(callback);
    }
}
