package com.payroute.channel;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.channels")
public interface ChannelsConfig {

    /** How often each replica checks whether channel configuration changed (ops changes apply within this). */
    @WithDefault("1s")
    Duration reloadInterval();

    /** A channel answer larger than this is not read (the call counts as failed: ambiguous). */
    @WithDefault("65536")
    int maxReplyBytes();

    /** A statement larger than this is not read to its end (the run fails and is retried). */
    @WithDefault("2147483648")
    long maxStatementBytes();

    /** Circuit breaker per channel (and separately for its query endpoint). */
    Breaker breaker();

    /** Channel credentials by reference (channel_account.credentials_ref), supplied from a Secret, never from the database. */
    Map<String, String> credentials();

    interface Breaker {
        // Defaults checked with bench/ RoutingQualitySimulation, which reads these constants.
        String DEFAULT_REQUEST_VOLUME = "10";
        String DEFAULT_FAILURE_RATIO = "0.5";
        String DEFAULT_DELAY_SECONDS = "15";
        String DEFAULT_SUCCESS_THRESHOLD = "2";

        /** Calls in the rolling window before the failure ratio is judged. */
        @WithDefault(DEFAULT_REQUEST_VOLUME)
        int requestVolumeThreshold();

        @WithDefault(DEFAULT_FAILURE_RATIO)
        double failureRatio();

        /** How long the circuit stays open before a trial call (fewer calls into a dead channel). */
        @WithDefault(DEFAULT_DELAY_SECONDS + "s")
        Duration delay();

        @WithDefault(DEFAULT_SUCCESS_THRESHOLD)
        int successThreshold();
    }
}
