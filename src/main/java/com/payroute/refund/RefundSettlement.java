package com.payroute.refund;

import com.payroute.notify.CallbackDue;

/**
 * What recording a refund call's outcome did. NOT_APPLIED: the refund was no longer in an expected
 * state (a duplicate or late message), nothing changed. TERMINAL may carry the callback to publish;
 * AWAITING_QUERY: its first query must be sent; SEND_AGAIN: the channel did not take it (or proved it
 * never did), so it goes to the same channel again after {@code RefundConfig#notTakenRetry} (or now).
 */
public record RefundSettlement(Result result, RefundStatus status, CallbackDue callback) {

    public enum Result {
        NOT_APPLIED, TERMINAL, AWAITING_QUERY, SEND_AGAIN_LATER, SEND_AGAIN_NOW
    }

    static final RefundSettlement NOT_APPLIED = new RefundSettlement(Result.NOT_APPLIED, null, null);
    static final RefundSettlement AWAITING_QUERY = new RefundSettlement(Result.AWAITING_QUERY, null, null);
    static final RefundSettlement SEND_AGAIN_LATER = new RefundSettlement(Result.SEND_AGAIN_LATER, RefundStatus.ROUTED, null);
    static final RefundSettlement SEND_AGAIN_NOW = new RefundSettlement(Result.SEND_AGAIN_NOW, RefundStatus.ROUTED, null);

    static RefundSettlement terminal(RefundStatus status, CallbackDue callback) {
        return new RefundSettlement(Result.TERMINAL, status, callback);
    }

    public boolean applied() {
        return result != Result.NOT_APPLIED;
    }
}
