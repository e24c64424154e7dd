package com.payroute.payment;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.notify.CallbackDue;
import com.payroute.notify.CallbackQueue;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * What a newly stored payment calls for once committed: its first attempt on its channel's queue,
 * or the callback of one that failed at once (NO_ROUTE); held and deferred payments wait for their
 * review or for deferred routing. Counts new payments by status. Never fails: the sweeper republishes.
 */
@ApplicationScoped
public class PaymentPublisher {

    private final SubmissionQueue submissions;
    private final CallbackQueue callbacks;
    private final MeterRegistry meters;

    PaymentPublisher(SubmissionQueue submissions, CallbackQueue callbacks, MeterRegistry meters) {
        this.submissions = submissions;
        this.callbacks = callbacks;
        this.meters = meters;
    }

    /** A new payment routed at once: count it and publish its attempt. */
    public Uni<Boolean> attempt(RoutedAttempt attempt) {
        meters.counter("payroute.payments", "status", PaymentStatus.PROCESSING.name()).increment();
        return submissions.publish(attempt);
    }

    /** A new payment not routed now: count it; a failed one's callback goes out. */
    public Uni<Void> created(PaymentRow payment, CallbackDue callback) {
        meters.counter("payroute.payments", "status", payment.status().name()).increment();
        return callback == null ? Uni.createFrom().voidItem() : callbacks.dispatch(callback);
    }
}
