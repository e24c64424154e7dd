package com.payroute.payment;

/** A callback written to the outbox with a terminal payment, to be published once committed. */
public record CallbackDue(String eventId, String merchantId, String paymentId) {
}
