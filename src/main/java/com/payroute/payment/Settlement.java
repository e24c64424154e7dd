package com.payroute.payment;

/**
 * What recording an outcome did. {@code applied} is false when the attempt was no longer in an
 * expected state (a duplicate or late message): then nothing changed. {@code next} is the new
 * attempt to publish when the payment was routed to another channel.
 */
public record Settlement(boolean applied, PaymentStatus paymentStatus, RoutedAttempt next) {

    static final Settlement NOT_APPLIED = new Settlement(false, null, null);

    static Settlement kept() {
        return new Settlement(true, PaymentStatus.PROCESSING, null);
    }
}
