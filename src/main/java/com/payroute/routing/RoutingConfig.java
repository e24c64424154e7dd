package com.payroute.routing;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.routing")
public interface RoutingConfig {

    /** Width of one outcome bucket in Redis. */
    @WithDefault("5s")
    Duration bucket();

    /** How many buckets make the sliding window. */
    @WithDefault("24")
    int windowBuckets();

    /** Older buckets count less: a bucket this old counts half. */
    @WithDefault("30s")
    Duration halfLife();

    /** Success rate assumed for a channel with no outcomes yet... */
    @WithDefault("0.9")
    double priorRate();

    /** ...worth this many attempts, so a few outcomes neither crown nor bury a channel. */
    @WithDefault("20")
    double priorWeight();

    /** Share of payments routed at random among all candidates, so a recovered channel is noticed. */
    @WithDefault("0.03")
    double exploration();

    /** A channel whose rate is this far below the best gets exploration traffic only. */
    @WithDefault("0.15")
    double demotionGap();

    /** How sharply traffic concentrates on the best rate: weight * exp((rate - best) / temperature). */
    @WithDefault("0.03")
    double temperature();

    /** Channels one payment may be offered to (each one only after the previous did not take it). */
    @WithDefault("4")
    int maxAttempts();

    /** How often the routing snapshot (rates, in-flight counts) is refreshed from Redis (at least 1s). */
    @WithDefault("1s")
    Duration refreshInterval();
}
