package com.payroute.refund;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.refund")
public interface RefundConfig {

    /**
     * When the channel did not take a refund (429 "reduce frequency", no connection, circuit open) it
     * is sent to the same channel again after this delay: a refund never goes to another channel.
     */
    @WithDefault("5s")
    Duration notTakenRetry();
}
