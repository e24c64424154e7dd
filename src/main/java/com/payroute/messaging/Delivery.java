package com.payroute.messaging;

import java.util.Map;

import io.vertx.core.json.JsonObject;

/** A received message: its JSON body, whether the broker delivered it before, and its headers. */
public record Delivery(String queue, JsonObject body, boolean redelivered, Map<String, Object> headers) {
}
