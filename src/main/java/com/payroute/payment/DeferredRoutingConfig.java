package com.payroute.payment;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Routing of payments that were not routed when they were stored: batch items, approved holds, payouts waiting for a window. */
@ConfigMapping(prefix = "payroute.deferred-routing")
public interface DeferredRoutingConfig {

    /** How often each replica looks for payments due to be routed (and at once after a batch or an approval). */
    @WithDefault("250ms")
    Duration interval();

    /** Payments routed per round. */
    @WithDefault("500")
    int chunk();

    /** Of which at most this many of one merchant, so one merchant's batch cannot crowd out another's. */
    @WithDefault("200")
    int perMerchant();

    /**
     * A channel whose transaction queue already holds this many ROUTED attempts per permit of its accounts
     * gets no more deferred payments this round: a batch never fills a queue in front of single payments.
     */
    @WithDefault("2")
    int backlogPerPermit();
}
