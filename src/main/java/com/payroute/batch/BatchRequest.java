package com.payroute.batch;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.payroute.money.PaymentType;

/** A read POST /v1/batches body: its items are checked one by one by the intake, never as a whole. */
public record BatchRequest(String merchantBatchNo, PaymentType type, String notifyUrl, List<JsonNode> items) {

    /** The content that decides "same batch" for idempotency. */
    String canonicalContent() {
        StringBuilder content = new StringBuilder(type.name()).append('\n').append(notifyUrl == null ? "" : notifyUrl);
        for (JsonNode item : items) {
            content.append('\n').append(item.toString());
        }
        return content.toString();
    }
}
