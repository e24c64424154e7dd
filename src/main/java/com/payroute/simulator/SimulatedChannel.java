package com.payroute.simulator;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One simulated channel: its behaviour, counters and the orders it took. */
final class SimulatedChannel {

    final String code;
    volatile SimBehaviour behaviour = SimBehaviour.DEFAULT;
    final AtomicLong received = new AtomicLong();
    final AtomicLong queried = new AtomicLong();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peakInFlight = new AtomicInteger();
    final AtomicLong rejectedBusy = new AtomicLong();
    private final Map<String, SimOrder> orders = new ConcurrentHashMap<>();

    SimulatedChannel(String code) {
        this.code = code;
    }

    /** Takes a slot, or false when the channel is at its concurrency limit. */
    boolean enter() {
        int now = inFlight.incrementAndGet();
        if (now > behaviour.maxConcurrency()) {
            inFlight.decrementAndGet();
            rejectedBusy.incrementAndGet();
            return false;
        }
        peakInFlight.accumulateAndGet(now, Math::max);
        return true;
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    SimOrder order(String orderNo) {
        return orders.get(orderNo);
    }

    /** Records an order; a repeated orderNo adds to the same ledger entry (its charges add up). */
    SimOrder take(String orderNo, String type, String amount, String currency) {
        return orders.computeIfAbsent(orderNo, n -> new SimOrder(code, n, type, amount, currency, Instant.now()));
    }

    Collection<SimOrder> orders() {
        return orders.values();
    }

    void reset() {
        received.set(0);
        queried.set(0);
        peakInFlight.set(inFlight.get());
        rejectedBusy.set(0);
        orders.clear();
    }
}
