package com.payroute.simulator;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A refund a simulated channel took. {@code refunds} counts how many times money went back for this
 * refundNo: more than one means it was sent twice and the channel did not de-duplicate it.
 */
final class SimRefund {
    final String refundNo;
    final String orderNo;
    final String amount;
    final String currency;
    final Instant takenAt;
    volatile String status;
    volatile String code;
    volatile int refunds;

    SimRefund(String refundNo, String orderNo, String amount, String currency, Instant takenAt) {
        this.refundNo = refundNo;
        this.orderNo = orderNo;
        this.amount = amount;
        this.currency = currency;
        this.takenAt = takenAt;
    }

    /** Settles against the original order: refunded when it was charged and has that much left, FAILED otherwise. */
    synchronized void settle(SimOrder original, boolean succeeds) {
        if (!succeeds) {
            status = "FAILED";
            code = "REFUND_DECLINED";
        } else if (original == null || !original.refund(new BigDecimal(amount))) {
            status = "FAILED";
            code = original == null ? "ORIGINAL_NOT_FOUND" : "REFUND_EXCEEDS_ORDER";
        } else {
            status = "SUCCEEDED";
            code = "00";
            refunds++;
        }
    }
}
