package com.payroute.channel;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.worker")
public interface WorkerConfig {

    // read by bench/ RoutingDecisionBenchmark, which makes routing's room check with it
    String DEFAULT_PERMIT_RESERVE = "0.2";

    /**
     * Whether this replica consumes the transaction, query and callback queues. false: an API-only
     * replica (accepts, routes, publishes, sweeps) while worker replicas, scaled on queue depth, consume.
     */
    @WithDefault("true")
    boolean consume();

    /** A permit lease lasts the channel's timeouts plus this, so a crashed holder's permit returns by itself. */
    @WithDefault("2s")
    Duration permitLeaseMargin();

    /**
     * Share of a channel account's limit that one purpose (submissions, queries) can never take, so
     * that it stays free for the other: 0.2 of 5 keeps 1 for queries and 1 for submissions.
     */
    @WithDefault(DEFAULT_PERMIT_RESERVE)
    double permitReserve();

    /**
     * Queries in flight per channel and replica (the query queue's prefetch), at most the channel's
     * own limit. Queries have their own consumers, so they never hold up submissions.
     */
    @WithDefault("4")
    int queryConcurrency();

    /** When no permit is free and no other channel has room, the message comes back after this delay. */
    @WithDefault("500ms")
    Duration noPermitBackoff();

    /**
     * How many replicas share a channel account's limit when Redis is unreachable: each then allows
     * maxConcurrency / expectedReplicas (at least 1) locally, so together they stay within the
     * limit. Set it to the most replicas the autoscaler may run.
     */
    @WithDefault("1")
    int expectedReplicas();

    /** How long a Redis permit call may take; a slower one grants nothing and the caller backs off. */
    @WithDefault("1s")
    Duration redisTimeout();
}
