package com.payroute.query;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.query")
public interface QueryConfig {

    /** Delay before each query of an unknown outcome; after the last the payment is flagged for ops. */
    @WithDefault("1s,5s,10s,30s,1m,2m,3m,4m,5m,6m,7m,8m,9m,10m,20m,30m,1h,2h")
    List<Duration> schedule();
}
