package com.payroute.payment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

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

    /**
     * A single payment of at least this amount (in its own currency) is counted in
     * {@code payroute_payments_large_total} (alert PayrouteLargePayment); {@code large-amount-by-currency.<CUR>}
     * sets it for one currency (e.g. KRW, whose units are small).
     */
    @WithDefault("500000")
    BigDecimal largeAmount();

    Map<String, BigDecimal> largeAmountByCurrency();
}
