package com.payroute.messaging;

import java.util.Map;

import io.vertx.core.json.JsonObject;

/**
 * A received message: its JSON body (null only for a consumer that takes any body), the body as
 * received, its message id, whether the broker delivered it before, and its headers.
 */
public record Delivery(String queue, JsonObject body, String rawBody, String messageId, boolean redelivered,
        Map<String, Object> headers) {
}
