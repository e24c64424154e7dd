package com.payroute.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A channel as ops see it: its configuration, its merchant accounts and bindings, and its live
 * state. {@code credentialsRef} and {@code maxConcurrency} are those of its default account.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@RegisterForReflection
public record ChannelView(
        String code,
        String name,
        String connector,
        String baseUrl,
        String credentialsRef,
        boolean enabled,
        int weight,
        List<String> types,
        List<String> currencies,
        List<String> banks,
        String minAmount,
        String maxAmount,
        int maxConcurrency,
        int connectTimeoutMs,
        int timeoutMs,
        int notFoundGraceMs,
        int notFoundConfirmMs,
        String timezone,
        String cutoff,
        List<String> payoutWindows,
        List<Account> accounts,
        Map<String, String> bindings,
        long version,
        Live live) {

    /**
     * A merchant account of the channel.
     *
     * @param submitting submissions (payments and refunds) in flight under it, across replicas
     * @param querying   queries in flight under it, across replicas
     */
    @RegisterForReflection
    public record Account(String accountNo, String credentialsRef, int maxConcurrency, boolean isDefault, long submitting,
            long querying) {
    }

    /**
     * @param successRate       smoothed success rate over the routing window
     * @param attemptsInWindow  outcomes counted in that window
     * @param inFlight          calls in flight under all its accounts, across all replicas (permits held)
     * @param p95LatencyMs      95th percentile of call latency over the window (null: no calls)
     * @param circuit           CLOSED, OPEN or HALF_OPEN on this replica
     * @param txQueueDepth      messages waiting in tx.&lt;code&gt; (null: not read yet)
     * @param queryQueueDepth   messages waiting in query.&lt;code&gt;
     * @param banks             the rate routing uses for each bank and payment type with outcomes in the window
     */
    @RegisterForReflection
    public record Live(double successRate, long attemptsInWindow, long inFlight, Long p95LatencyMs, String circuit,
            Long txQueueDepth, Long queryQueueDepth, List<BankRate> banks) {
    }

    /** One segment of the channel: its smoothed rate (leaning on the channel's while it has few outcomes). */
    @RegisterForReflection
    public record BankRate(String bank, String type, double successRate, long attemptsInWindow) {
    }
}
