package com.payroute.messaging;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.shutdown")
public interface ShutdownConfig {

    /**
     * How long a stopping replica waits for the messages it already took (channel calls, outcome
     * writes, acks); keep it below the pod's grace period minus the shutdown delay.
     */
    @WithDefault("25s")
    Duration drain();
}
