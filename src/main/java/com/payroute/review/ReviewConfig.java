package com.payroute.review;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.review")
public interface ReviewConfig {

    /** Approvals from distinct people (never the requester) a review needs; one rejection ends it. */
    @WithDefault("2")
    int approvals();

    /** A review pending longer than this counts as overdue (alert PayrouteReviewsWaiting). */
    @WithDefault("1h")
    Duration overdueAfter();
}
