package com.payroute.messaging;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.messaging")
public interface MessagingConfig {

    /** How long a publish waits for the broker's confirm before it counts as failed. */
    @WithDefault("5s")
    Duration publishTimeout();

    /** Pause between reconnection attempts, and how often a link checks its connection. */
    @WithDefault("1s")
    Duration reconnectInterval();

    /** Deliveries of one message before the quorum queue dead-letters it as poison. */
    @WithDefault("20")
    int deliveryLimit();

    /** AMQP heartbeat, so a dead TCP connection is noticed in seconds, not minutes. */
    @WithDefault("10")
    int heartbeatSeconds();

    /**
     * Publishes of new payments' first attempts that may await the broker's confirm after their accept
     * has answered. The attempt is committed ROUTED before it is published, so the 202 does not need
     * the confirm (the sweeper publishes again what was lost); past this many unconfirmed, accepts
     * wait for their confirm again, so a slow broker slows accepts instead of filling the heap.
     */
    @WithDefault("1000")
    int detachedPublishes();

    /** How often queue depths are read for the admin API and the queue-depth gauge. */
    @WithDefault("10s")
    Duration depthInterval();

    /**
     * Wait before a message whose processing failed (a dependency is down) is handed back, doubled
     * on every return of the same message, up to {@link #retryBackoffMax()}: with the delivery limit
     * of 20, about eight minutes of outage pass before anything is dead-lettered.
     */
    @WithDefault("1s")
    Duration failureRequeueDelay();

    /** The longest wait before a failed message is handed back. */
    @WithDefault("30s")
    Duration retryBackoffMax();
}
