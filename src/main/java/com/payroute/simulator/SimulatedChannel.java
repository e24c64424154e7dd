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
    final AtomicLong refundsReceived = new AtomicLong();
    final AtomicLong refundsQueried = new AtomicLong();
    final AtomicLong statementsServed = new AtomicLong();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peakInFlight = new AtomicInteger();
    final AtomicLong rejectedBusy = new AtomicLong();
    /** Every call in flight (submissions, queries, refunds), for the account budget's peak. */
    final AtomicInteger inFlightAll = new AtomicInteger();
    final AtomicInteger peakInFlightAll = new AtomicInteger();
    private final Map<String, SimOrder> orders = new ConcurrentHashMap<>();
    private final Map<String, SimRefund> refunds = new ConcurrentHashMap<>();

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

    /** Calls in flight and their peak per merchant account, told apart by the credentials they carry. */
    final Map<String, AtomicInteger[]> byCredential = new ConcurrentHashMap<>();

    /** Any call arrives (counted whether or not it is answered 429), under {@code credential}. */
    void arrive(String credential) {
        peakInFlightAll.accumulateAndGet(inFlightAll.incrementAndGet(), Math::max);
        AtomicInteger[] account = byCredential.computeIfAbsent(credential, c -> new AtomicInteger[] { new AtomicInteger(), new AtomicInteger() });
        account[1].accumulateAndGet(account[0].incrementAndGet(), Math::max);
    }

    void depart(String credential) {
        inFlightAll.decrementAndGet();
        byCredential.get(credential)[0].decrementAndGet();
    }

    SimOrder order(String orderNo) {
        return orders.get(orderNo);
    }

    /** Records an order; a repeated orderNo adds to the same ledger entry (its charges add up). */
    SimOrder take(String orderNo, String type, String amount, String currency, Instant now) {
        return orders.computeIfAbsent(orderNo, n -> new SimOrder(code, n, type, amount, currency, now));
    }

    Collection<SimOrder> orders() {
        return orders.values();
    }

    SimRefund refund(String refundNo) {
        return refunds.get(refundNo);
    }

    /** Records a refund; a repeated refundNo is the same entry (its refunds add up if it is settled again). */
    SimRefund takeRefund(String refundNo, String orderNo, String amount, String currency, Instant now) {
        return refunds.computeIfAbsent(refundNo, n -> new SimRefund(n, orderNo, amount, currency, now));
    }

    Collection<SimRefund> refunds() {
        return refunds.values();
    }

    /** Clears the counters (peaks back to what is in flight now); the ledger stays. */
    void resetCounters() {
        received.set(0);
        queried.set(0);
        refundsReceived.set(0);
        refundsQueried.set(0);
        statementsServed.set(0);
        peakInFlight.set(inFlight.get());
        peakInFlightAll.set(inFlightAll.get());
        byCredential.values().forEach(account -> account[1].set(account[0].get()));
        rejectedBusy.set(0);
    }

    void reset() {
        resetCounters();
        orders.clear();
        refunds.clear();
    }
}
