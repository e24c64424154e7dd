package com.payroute.channel;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.worker")
public interface WorkerConfig {

    /**
     * Whether this replica consumes the transaction, query and callback queues. false: an API-only
     * replica (accepts, routes, publishes, sweeps) while worker replicas, scaled on queue depth, consume.
     */
    @WithDefault("true")
    boolean consume();

    /** A permit lease lasts the channel's timeouts plus this, so a crashed holder's permit returns by itself. */
    @WithDefault("2s")
    Duration permitLeaseMargin();

    /** When no permit is free and no other channel has room, the message comes back after this delay. */
    @WithDefault("500ms")
    Duration noPermitBackoff();

    /**
     * How many replicas share a channel's limit when Redis is unreachable: each then allows
     * maxConcurrency / expectedReplicas (at least 1) locally, so together they stay within the
     * limit. Set it to the most replicas the autoscaler may run.
     */
    @WithDefault("1")
    int expectedReplicas();

    /** How long a Redis permit call may take; a slower one grants nothing and the caller backs off. */
    @WithDefault("1s")
    Duration redisTimeout();
}
