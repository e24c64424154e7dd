package com.payroute.refund;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.payroute.money.Money;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The refund body of API.md section 1, for answers and for refund callbacks alike. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "id", "paymentId", "merchantRefundNo", "amount", "currency", "status", "failureCode", "failureMessage",
        "reason", "createdAt", "updatedAt" })
@RegisterForReflection
public record RefundView(
        String id,
        String paymentId,
        String merchantRefundNo,
        String amount,
        String currency,
        String status,
        String failureCode,
        String failureMessage,
        String reason,
        Instant createdAt,
        Instant updatedAt) {

    public static RefundView of(RefundRow r) {
        return new RefundView(r.id(), r.paymentId(), r.merchantRefundNo(), Money.format(r.amount(), r.currency()), r.currency(),
                r.status().external(), r.failureCode(), r.failureMessage(), r.reason(),
                r.createdAt().toInstant().truncatedTo(ChronoUnit.MILLIS),
                r.updatedAt().toInstant().truncatedTo(ChronoUnit.MILLIS));
    }
}
