package com.payroute.payment;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.guard")
public interface GuardConfig {

    /** An account debited more than this many times by one merchant in 24 hours is counted for the alert. */
    @WithDefault("3")
    int dailyDebits();

    /** How often that count is taken. */
    @WithDefault("60s")
    Duration interval();
}
