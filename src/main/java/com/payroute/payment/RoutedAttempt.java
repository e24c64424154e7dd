package com.payroute.payment;

/** An attempt in ROUTED state: what its channel's transaction queue carries. */
public record RoutedAttempt(String attemptId, String paymentId, String merchantId, String channelCode) {
}
