package com.payroute.channel;

import java.math.BigDecimal;
import java.util.Set;

import com.payroute.payment.PaymentType;

/**
 * A channel as configured by ops, immutable: routing and workers read it from the
 * {@link ChannelRegistry} snapshot without touching the database.
 */
public record ChannelConfig(
        String code,
        String name,
        String connector,
        String baseUrl,
        String credentialsRef,
        boolean enabled,
        int weight,
        Set<PaymentType> types,
        Set<String> currencies,
        Set<String> banks,
        BigDecimal minAmount,
        BigDecimal maxAmount,
        int maxConcurrency,
        int connectTimeoutMs,
        int timeoutMs,
        long version) {

    /** Whether this channel can carry such a payment at all (enabled and weight aside). */
    public boolean supports(PaymentType type, String currency, String bankCode, BigDecimal amount) {
        return types.contains(type)
                && currencies.contains(currency)
                && (banks.isEmpty() || banks.contains(bankCode))
                && amount.compareTo(minAmount) >= 0
                && amount.compareTo(maxAmount) <= 0;
    }

    /** Enabled with a positive weight: ops want traffic on it. */
    public boolean routable() {
        return enabled && weight > 0;
    }
}
