package com.payroute.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A channel as ops see it: its configuration and its live state. */
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
        long version,
        Live live) {

    /**
     * @param successRate       smoothed success rate over the routing window
     * @param attemptsInWindow  outcomes counted in that window
     * @param inFlight          submissions in flight across all replicas (permits held)
     * @param p95LatencyMs      95th percentile of call latency over the window (null: no calls)
     * @param circuit           CLOSED, OPEN or HALF_OPEN on this replica
     * @param txQueueDepth      messages waiting in tx.&lt;code&gt; (null: not read yet)
     * @param queryQueueDepth   messages waiting in query.&lt;code&gt;
     */
    @RegisterForReflection
    public record Live(double successRate, long attemptsInWindow, long inFlight, Long p95LatencyMs, String circuit,
            Long txQueueDepth, Long queryQueueDepth) {
    }
}
