package com.payroute.notify;

import java.util.Optional;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * The object an event is about, as its callback shows it (the payment, refund or batch body of
 * API.md section 1), read when the callback is sent. Implemented by the package that owns the
 * object; chosen by the event type's prefix.
 */
public interface EventBody {

    /** The event types' prefix: "payment", "refund", "batch". */
    String objectType();

    /** The object's body, or empty when it does not exist (any more) for that merchant. */
    Uni<Optional<JsonObject>> body(String merchantId, String objectId);
}
