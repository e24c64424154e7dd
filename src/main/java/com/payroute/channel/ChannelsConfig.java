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

    /** Circuit breaker per channel (and separately for its query endpoint). */
    Breaker breaker();

    /** Channel credentials by reference (channel.credentials_ref), supplied from a Secret, never from the database. */
    Map<String, String> credentials();

    interface Breaker {
        /** Calls in the rolling window before the failure ratio is judged. */
        @WithDefault("10")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        /** How long the circuit stays open before trial calls. */
        @WithDefault("5s")
        Duration delay();

        @WithDefault("2")
        int successThreshold();
    }
}
