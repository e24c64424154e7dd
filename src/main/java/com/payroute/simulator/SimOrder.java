package com.payroute.simulator;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order a simulated channel took. {@code charges} counts how many times it moved money for it;
 * {@code refunded} sums its successful refunds, never above its amount.
 */
final class SimOrder {
    final String channel;
    final String orderNo;
    final String type;
    final String amount;
    final String currency;
    final Instant takenAt;
    volatile String status;
    volatile int charges;
    /** What it tells payroute, when that differs from its books (a ghost charge answers FAILED). */
    volatile String answered;
    /** In the order's own scale: "0.00" for "270.00". */
    private BigDecimal refunded;

    SimOrder(String channel, String orderNo, String type, String amount, String currency, Instant takenAt) {
        this.channel = channel;
        this.orderNo = orderNo;
        this.type = type;
        this.amount = amount;
        this.currency = currency;
        this.takenAt = takenAt;
        this.refunded = new BigDecimal(amount).multiply(BigDecimal.ZERO);
    }

    synchronized void settle(boolean succeeded) {
        status = succeeded ? "SUCCEEDED" : "FAILED";
        if (succeeded) {
            charges++;
        }
    }

    /** Charges, and says it did not: the lying channel of reconciliation's STATUS_MISMATCH. */
    synchronized void ghostCharge() {
        settle(true);
        answered = "FAILED";
    }

    /** The status payroute is told. */
    String answer() {
        String lie = answered;
        return lie != null ? lie : status;
    }

    /** Gives {@code part} back if this order was charged and that much of it is left: true if done. */
    synchronized boolean refund(BigDecimal part) {
        if (!"SUCCEEDED".equals(status) || refunded.add(part).compareTo(new BigDecimal(amount)) > 0) {
            return false;
        }
        refunded = refunded.add(part);
        return true;
    }

    synchronized BigDecimal refunded() {
        return refunded;
    }
}
