package com.payroute.channel;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

import com.payroute.money.PaymentType;

/**
 * A channel as configured by ops, immutable: routing and workers read it from the
 * {@link ChannelRegistry} snapshot without touching the database.
 *
 * @param accounts    its merchant accounts by number (one of them the default)
 * @param bindings    business line → account number, for business lines not on the default account
 * @param notFoundGraceMs   a query's 404 means nothing until this long after the submission's deadline
 * @param notFoundConfirmMs ...and counts only when a second 404 comes at least this much later
 * @param timezone     the channel's own time zone: its accounting day and payout windows are local to it
 * @param cutoff       local time at which its accounting day ends (an order after it belongs to the next day)
 * @param payoutWindows when it sends payouts (none: always)
 */
public record ChannelConfig(
        String code,
        String name,
        String connector,
        String baseUrl,
        boolean enabled,
        int weight,
        Set<PaymentType> types,
        Set<String> currencies,
        Set<String> banks,
        BigDecimal minAmount,
        BigDecimal maxAmount,
        int connectTimeoutMs,
        int timeoutMs,
        int notFoundGraceMs,
        int notFoundConfirmMs,
        java.time.ZoneId timezone,
        java.time.LocalTime cutoff,
        PayoutWindows payoutWindows,
        Map<String, ChannelAccount> accounts,
        Map<String, String> bindings,
        long version) {

    /**
     * Slack on a call's deadline beyond its connect and response timeouts: the connector's backstop
     * (250 ms) and scheduling. After the deadline the call cannot still be running.
     */
    static final long DEADLINE_SLACK_MS = 1000;

    /** How long after it is sent a call is over for sure, answered or not: what a claim records as its deadline. */
    public long callDeadlineMs() {
        return (long) connectTimeoutMs + timeoutMs + DEADLINE_SLACK_MS;
    }

    /** Whether this channel can carry such a payment at all (enabled and weight aside). */
    public boolean supports(PaymentType type, String currency, String bankCode, BigDecimal amount) {
        return types.contains(type)
                && currencies.contains(currency)
                && (banks.isEmpty() || banks.contains(bankCode))
                && amount.compareTo(minAmount) >= 0
                && amount.compareTo(maxAmount) <= 0;
    }

    /** Whether it would send this payment at {@code now}: payouts only inside its payout windows. */
    public boolean openFor(PaymentType type, java.time.Instant now) {
        return type != PaymentType.PAYOUT || payoutWindows.openAt(now);
    }

    /** The accounting day an order sent at {@code at} belongs to. */
    public java.time.LocalDate accountingDay(java.time.Instant at) {
        return AccountingDay.of(at, timezone, cutoff);
    }

    /** Enabled with a positive weight: ops want traffic on it. */
    public boolean routable() {
        return enabled && weight > 0;
    }

    /** The account a business line calls this channel under: its binding, or the default account. */
    public ChannelAccount accountFor(String merchantId) {
        String bound = bindings.get(merchantId);
        ChannelAccount account = bound == null ? null : accounts.get(bound);
        return account != null ? account : defaultAccount();
    }

    public ChannelAccount defaultAccount() {
        for (ChannelAccount account : accounts.values()) {
            if (account.isDefault()) {
                return account;
            }
        }
        throw new IllegalStateException("channel " + code + " has no default account");
    }

    /** An account by number (the one an attempt was made under), or null. */
    public ChannelAccount account(String accountNo) {
        return accounts.get(accountNo);
    }

    /** Calls this channel may see at once over all its accounts: what a replica may hold unacknowledged. */
    public int totalConcurrency() {
        int total = 0;
        for (ChannelAccount account : accounts.values()) {
            total += account.maxConcurrency();
        }
        return Math.max(1, total);
    }
}
