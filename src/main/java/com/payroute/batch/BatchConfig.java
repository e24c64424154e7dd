package com.payroute.batch;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.batch")
public interface BatchConfig {

    /** Items one batch may hold (API.md: 10,000). */
    @WithDefault("10000")
    int maxItems();

    /** A batch not COMPLETED this long after it was accepted is overdue (未回盘; alert PayrouteBatchOverdue). */
    @WithDefault("4h")
    Duration deadline();

    /** Payments inserted per statement while a batch is stored (all in the batch's one transaction). */
    @WithDefault("1000")
    int insertChunk();
}
