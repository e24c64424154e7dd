package com.payroute.refund;

import java.math.BigDecimal;

/**
 * A checked refund request. {@code amount} is checked against the payment's currency by the intake,
 * which knows it; its content (amount by value, reason) decides whether a replay is identical.
 */
public record RefundRequest(String merchantRefundNo, BigDecimal amount, String reason) {

    String canonicalContent(String paymentId) {
        return paymentId + "\n" + amount.stripTrailingZeros().toPlainString() + "\n" + (reason == null ? "" : reason);
    }
}
