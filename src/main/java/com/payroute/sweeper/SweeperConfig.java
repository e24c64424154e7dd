package com.payroute.sweeper;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.sweeper")
public interface SweeperConfig {

    @WithDefault("5s")
    Duration interval();

    /**
     * A ROUTED attempt untouched this long lost its message (or was never published): publish it
     * again. Oldest first and at most {@link #perChannel()} per channel and sweep, whatever the
     * depth of the channel's queue, so a queue that is never empty cannot hide a lost message.
     */
    @WithDefault("30s")
    Duration routedAfter();

    /** Added to a call's own deadline: a SUBMITTING attempt older than that lost its worker. */
    @WithDefault("10s")
    Duration submittingMargin();

    /** A query overdue by this much lost its message: send it again. */
    @WithDefault("30s")
    Duration queryGrace();

    /** A payment still PROCESSING this long after creation is flagged for ops. */
    @WithDefault("4h")
    Duration processingDeadline();

    /** Rows handled per repair and sweep. */
    @WithDefault("500")
    int batch();

    /** Messages sent again per channel, repair and sweep (duplicates are harmless, but not free). */
    @WithDefault("50")
    int perChannel();
}
