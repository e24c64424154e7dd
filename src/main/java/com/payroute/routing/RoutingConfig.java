package com.payroute.routing;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.routing")
public interface RoutingConfig {

    // Defaults chosen with bench/ RoutingQualitySimulation (ten seeds), which reads these constants.
    String DEFAULT_BUCKET_SECONDS = "5";
    String DEFAULT_WINDOW_BUCKETS = "24";
    String DEFAULT_HALF_LIFE_SECONDS = "20";
    String DEFAULT_PRIOR_RATE = "0.9";
    String DEFAULT_PRIOR_WEIGHT = "20";
    String DEFAULT_EXPLORATION = "0.005";
    String DEFAULT_DIRECTED_EXPLORATION = "0.05";
    String DEFAULT_EXPLORATION_CONFIDENCE = "2";
    String DEFAULT_DEMOTION_GAP = "0.15";
    String DEFAULT_TEMPERATURE = "0.005";

    /** Width of one outcome bucket in Redis. */
    @WithDefault(DEFAULT_BUCKET_SECONDS + "s")
    Duration bucket();

    /** How many buckets make the sliding window. */
    @WithDefault(DEFAULT_WINDOW_BUCKETS)
    int windowBuckets();

    /** Older buckets count less: a bucket this old counts half. */
    @WithDefault(DEFAULT_HALF_LIFE_SECONDS + "s")
    Duration halfLife();

    /** Success rate assumed for a channel with no outcomes yet... */
    @WithDefault(DEFAULT_PRIOR_RATE)
    double priorRate();

    /** ...worth this many attempts, so a few outcomes neither crown nor bury a channel. */
    @WithDefault(DEFAULT_PRIOR_WEIGHT)
    double priorWeight();

    /** Share of payments routed at random among all candidates, so a recovered channel is noticed. */
    @WithDefault(DEFAULT_EXPLORATION)
    double exploration();

    /** Share of payments routed to the healthy channel whose rate could most plausibly be the best (see RoutingPolicy). */
    @WithDefault(DEFAULT_DIRECTED_EXPLORATION)
    double directedExploration();

    /** How many standard errors of optimism directed exploration grants a rate resting on few outcomes. */
    @WithDefault(DEFAULT_EXPLORATION_CONFIDENCE)
    double explorationConfidence();

    /** A channel whose rate is this far below the best gets exploration traffic only. */
    @WithDefault(DEFAULT_DEMOTION_GAP)
    double demotionGap();

    /**
     * How sharply traffic concentrates on the best rate: weight * exp((rate - best) / temperature).
     * At 0.005 a channel 1 point better outweighs 7.4 times the weight.
     */
    @WithDefault(DEFAULT_TEMPERATURE)
    double temperature();

    /** Channels one payment may be offered to (each one only after the previous did not take it). */
    @WithDefault("4")
    int maxAttempts();

    /** How often the routing snapshot (rates, in-flight counts) is refreshed from Redis (at least 1s). */
    @WithDefault("1s")
    Duration refreshInterval();
}
