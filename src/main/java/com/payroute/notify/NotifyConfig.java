package com.payroute.notify;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.notify")
public interface NotifyConfig {

    /** Delay before each retry of a callback (API.md); after the last failed one it is dead. */
    @WithDefault("1s,5s,10s,30s,1m,2m,3m,4m,5m,6m,7m,8m,9m,10m,20m,30m,1h,2h")
    List<Duration> schedule();

    /** Time a merchant's endpoint has to answer one callback. */
    @WithDefault("10s")
    Duration timeout();

    /** Callbacks in flight per merchant and replica; a slow merchant holds only these. */
    @WithDefault("8")
    int concurrency();

    /** How often each replica looks for merchants whose callback queue it does not consume yet. */
    @WithDefault("30s")
    Duration merchantRefresh();
}
