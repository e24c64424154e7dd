package com.payroute.payment;

import java.math.BigDecimal;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.money.PaymentType;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts every accepted payment (single or batch item) whose amount reaches the large-amount threshold
 * of its currency ({@code payroute.metrics.large-amount}, per currency in
 * {@code large-amount-by-currency}): {@code payroute_payments_large_total{merchant,type,currency}}, alert
 * PayrouteLargePayment.
 */
@ApplicationScoped
public class LargePayments {

    private final MeterRegistry meters;
    private final GaugeConfig config;

    LargePayments(MeterRegistry meters, GaugeConfig config) {
        this.meters = meters;
        this.config = config;
    }

    public void accepted(String merchantId, PaymentType type, String currency, BigDecimal amount) {
        if (amount.compareTo(config.largeAmountByCurrency().getOrDefault(currency, config.largeAmount())) >= 0) {
            meters.counter("payroute.payments.large", "merchant", merchantId, "type", type.name(), "currency", currency).increment();
        }
    }
}
