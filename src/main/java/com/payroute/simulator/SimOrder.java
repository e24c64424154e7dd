package com.payroute.simulator;

import java.time.Instant;

/** An order a simulated channel took. {@code charges} counts how many times it moved money for it. */
final class SimOrder {
    final String channel;
    final String orderNo;
    final String type;
    final String amount;
    final String currency;
    final Instant takenAt;
    volatile String status;
    volatile int charges;

    SimOrder(String channel, String orderNo, String type, String amount, String currency, Instant takenAt) {
        this.channel = channel;
        this.orderNo = orderNo;
        this.type = type;
        this.amount = amount;
        this.currency = currency;
        this.takenAt = takenAt;
    }

    synchronized void settle(boolean succeeded) {
        status = succeeded ? "SUCCEEDED" : "FAILED";
        if (succeeded) {
            charges++;
        }
    }
}
