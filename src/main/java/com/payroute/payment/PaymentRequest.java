package com.payroute.payment;

import com.payroute.money.PaymentType;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A validated POST /v1/payments body. */
public record PaymentRequest(
        String merchantOrderNo,
        PaymentType type,
        BigDecimal amount,
        String currency,
        String bankCode,
        String accountNumber,
        String holderName,
        String notifyUrl,
        Map<String, String> metadata,
        /** The customer confirmed a payment that looks like a duplicate; not part of the content. */
        boolean allowDuplicate) {

    /**
     * The content that decides "same request" for idempotency, in one unambiguous string
     * (a JSON array; amounts compared by value, metadata by sorted keys).
     */
    public String canonicalContent() {
        return new JsonArray()
                .add(type.name())
                .add(amount.stripTrailingZeros().toPlainString())
                .add(currency)
                .add(bankCode)
                .add(accountNumber)
                .add(holderName)
                .add(notifyUrl)
                .add(metadata == null ? null : new JsonObject(new TreeMap<>(metadata)))
                .encode();
    }

    @Override
    public String toString() {
        return "PaymentRequest[" + merchantOrderNo + " " + type + " " + amount + " " + currency + "]";
    }
}
