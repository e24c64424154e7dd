package com.payroute.payment;

import java.math.BigDecimal;

import com.payroute.money.PaymentType;

/**
 * An attempt together with what is needed to call its channel or route the payment again, as
 * returned by the statement that claimed or loaded it. {@code accountNo} is the channel account the
 * call is (or was) made under; null for an attempt never claimed. {@code batchId}: the payment's batch
 * (null: none), which never changes once the payment is stored.
 */
public record ClaimedAttempt(
        String attemptId,
        int seq,
        String channelCode,
        String accountNo,
        String paymentId,
        String merchantId,
        PaymentType type,
        BigDecimal amount,
        String currency,
        String bankCode,
        byte[] accountCipher,
        String holderName,
        String batchId) {

    /** The same payment, put on another channel. */
    public RoutedAttempt routedAs(String attemptId, String channelCode) {
        return new RoutedAttempt(attemptId, paymentId, merchantId, channelCode);
    }

    /** This attempt as its transaction message carries it. */
    public RoutedAttempt routed() {
        return routedAs(attemptId, channelCode);
    }

    @Override
    public String toString() {
        return "ClaimedAttempt[" + attemptId + " of " + paymentId + " on " + channelCode + "]";
    }
}
