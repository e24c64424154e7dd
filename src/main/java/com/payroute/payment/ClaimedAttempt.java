package com.payroute.payment;

import java.math.BigDecimal;

/**
 * An attempt together with what is needed to call its channel or route the payment again,
 * as returned by the statement that claimed or loaded it.
 */
public record ClaimedAttempt(
        String attemptId,
        int seq,
        String channelCode,
        String paymentId,
        String merchantId,
        PaymentType type,
        BigDecimal amount,
        String currency,
        String bankCode,
        byte[] accountCipher,
        String holderName) {

    /** The same payment, put on another channel. */
    public RoutedAttempt routedAs(String attemptId, String channelCode) {
        return new RoutedAttempt(attemptId, paymentId, merchantId, channelCode);
    }

    @Override
    public String toString() {
        return "ClaimedAttempt[" + attemptId + " of " + paymentId + " on " + channelCode + "]";
    }
}
