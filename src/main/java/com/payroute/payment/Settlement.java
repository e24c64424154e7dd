package com.payroute.payment;

import com.payroute.notify.CallbackDue;

/**
 * What recording an outcome did. NOT_APPLIED: the attempt was no longer in an expected state
 * (a duplicate or late message), nothing changed. ROUTED_ELSEWHERE carries the new attempt to
 * publish; AWAITING_QUERY means the attempt stays open and its first query must be sent;
 * TERMINAL may carry the callback to publish.
 */
public record Settlement(Result result, PaymentStatus paymentStatus, RoutedAttempt next, CallbackDue callback) {

    public enum Result {
        NOT_APPLIED, TERMINAL, AWAITING_QUERY, ROUTED_ELSEWHERE,
        /** The attempt ended but its payment was already terminal: logged for ops. */
        INCONSISTENT
    }

    static final Settlement NOT_APPLIED = new Settlement(Result.NOT_APPLIED, null, null, null);
    static final Settlement AWAITING_QUERY = new Settlement(Result.AWAITING_QUERY, PaymentStatus.PROCESSING, null, null);
    static final Settlement INCONSISTENT = new Settlement(Result.INCONSISTENT, null, null, null);

    static Settlement terminal(PaymentStatus status, CallbackDue callback) {
        return new Settlement(Result.TERMINAL, status, null, callback);
    }

    static Settlement routedElsewhere(RoutedAttempt next) {
        return new Settlement(Result.ROUTED_ELSEWHERE, PaymentStatus.PROCESSING, next, null);
    }

    public boolean applied() {
        return result != Result.NOT_APPLIED;
    }
}
