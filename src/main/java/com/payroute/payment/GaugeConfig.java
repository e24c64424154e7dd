package com.payroute.payment;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.metrics")
public interface GaugeConfig {

    /** How often the payment gauges are counted in PostgreSQL. */
    @WithDefault("15s")
    Duration interval();

    /** A payment still PROCESSING after this long counts as overdue (alert PayroutePaymentsNotTerminal). */
    @WithDefault("5m")
    Duration overdueAfter();
}
