package com.payroute.payment;

/**
 * What recording an outcome did. NOT_APPLIED: the attempt was no longer in an expected state
 * (a duplicate or late message), nothing changed. ROUTED_ELSEWHERE carries the new attempt to
 * publish; AWAITING_QUERY means the attempt stays open and its first query must be sent.
 */
public record Settlement(Result result, PaymentStatus paymentStatus, RoutedAttempt next) {

    public enum Result {
        NOT_APPLIED, TERMINAL, AWAITING_QUERY, ROUTED_ELSEWHERE,
        /** The attempt ended but its payment was already terminal: logged for ops. */
        INCONSISTENT
    }

    static final Settlement NOT_APPLIED = new Settlement(Result.NOT_APPLIED, null, null);
    static final Settlement AWAITING_QUERY = new Settlement(Result.AWAITING_QUERY, PaymentStatus.PROCESSING, null);

    static Settlement terminal(PaymentStatus status) {
        return new Settlement(Result.TERMINAL, status, null);
    }

    static Settlement routedElsewhere(RoutedAttempt next) {
        return new Settlement(Result.ROUTED_ELSEWHERE, PaymentStatus.PROCESSING, next);
    }

    public boolean applied() {
        return result != Result.NOT_APPLIED;
    }
}
