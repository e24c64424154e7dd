package com.payroute.notify;

/** An event written to the callback outbox, to be published once its transaction committed. */
public record CallbackDue(String eventId, String merchantId) {
}
