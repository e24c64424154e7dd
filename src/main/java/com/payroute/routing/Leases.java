package com.payroute.routing;

import java.util.HashMap;
import java.util.Map;

import com.payroute.channel.PermitPool;
import com.payroute.channel.Purpose;

/**
 * Permits held per channel, account and purpose across replicas, as of one refresh. Looked up by the
 * channel's and account's own code strings (their hashes are cached), not by a Redis key built per
 * look-up: routing asks twice for every candidate of every payment, and building those keys cost
 * more than the rest of the decision.
 */
public final class Leases {

    public static final Leases NONE = new Leases(Map.of());

    private final Map<String, Map<String, long[]>> byChannel;

    private Leases(Map<String, Map<String, long[]>> byChannel) {
        this.byChannel = byChannel;
    }

    /** Permits held for one purpose under a channel account (0 when nothing is known of it). */
    public long inFlight(String channel, String accountNo, Purpose purpose) {
        long[] held = held(channel, accountNo);
        return held == null ? 0 : held[purpose.ordinal()];
    }

    /** Whether the channel account's budget admits one more submission beside the permits held. */
    public boolean admitsSubmission(String channel, String accountNo, PermitPool.Budget budget) {
        long[] held = held(channel, accountNo);
        return held == null ? budget.admits(0, 0) : budget.admits(held[Purpose.SUBMIT.ordinal()], held[Purpose.QUERY.ordinal()]);
    }

    private long[] held(String channel, String accountNo) {
        Map<String, long[]> accounts = byChannel.get(channel);
        return accounts == null ? null : accounts.get(accountNo);
    }

    /** Collects one refresh's counts; the built {@link Leases} is not changed by later adds. */
    public static final class Builder {
        private final Map<String, Map<String, long[]>> byChannel = new HashMap<>();

        public Builder add(String channel, String accountNo, Purpose purpose, long held) {
            byChannel.computeIfAbsent(channel, c -> new HashMap<>())
                    .computeIfAbsent(accountNo, a -> new long[Purpose.values().length])[purpose.ordinal()] = held;
            return this;
        }

        public Leases build() {
            Map<String, Map<String, long[]>> copy = new HashMap<>();
            byChannel.forEach((channel, accounts) -> {
                Map<String, long[]> held = new HashMap<>();
                accounts.forEach((account, counts) -> held.put(account, counts.clone()));
                copy.put(channel, held);
            });
            return new Leases(copy);
        }
    }
}
