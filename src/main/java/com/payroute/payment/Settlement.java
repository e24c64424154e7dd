package com.payroute.payment;

import com.payroute.notify.CallbackDue;

/**
 * What recording an outcome did. NOT_APPLIED: the attempt was no longer in an expected state
 * (a duplicate or late message), nothing changed. ROUTED_ELSEWHERE carries the new attempt to
 * publish; AWAITING_QUERY means the attempt stays open and its first query must be sent;
 * TERMINAL may carry the callbacks to publish (the payment's, and its batch's when it completed the batch).
 */
public record Settlement(Result result, PaymentStatus paymentStatus, RoutedAttempt next, java.util.List<CallbackDue> callbacks) {

    public enum Result {
        NOT_APPLIED, TERMINAL, AWAITING_QUERY, ROUTED_ELSEWHERE,
        /** Not taken, and every other channel is outside its payout window: routed again when one opens. */
        DEFERRED,
        /** The attempt ended but its payment was already terminal: logged for ops. */
        INCONSISTENT
    }

    static final Settlement NOT_APPLIED = new Settlement(Result.NOT_APPLIED, null, null, java.util.List.of());
    static final Settlement AWAITING_QUERY = new Settlement(Result.AWAITING_QUERY, PaymentStatus.PROCESSING, null, java.util.List.of());
    static final Settlement INCONSISTENT = new Settlement(Result.INCONSISTENT, null, null, java.util.List.of());
    static final Settlement DEFERRED = new Settlement(Result.DEFERRED, PaymentStatus.PROCESSING, null, java.util.List.of());

    static Settlement terminal(PaymentStatus status, java.util.List<CallbackDue> callbacks) {
        return new Settlement(Result.TERMINAL, status, null, callbacks);
    }

    static Settlement routedElsewhere(RoutedAttempt next) {
        return new Settlement(Result.ROUTED_ELSEWHERE, PaymentStatus.PROCESSING, next, java.util.List.of());
    }

    public boolean applied() {
        return result != Result.NOT_APPLIED;
    }
}
