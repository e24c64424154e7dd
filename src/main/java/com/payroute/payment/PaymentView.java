package com.payroute.payment;

import com.payroute.money.Money;
import com.payroute.money.PaymentType;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The payment body of API.md section 1: what a merchant may see, nothing more. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "id", "merchantOrderNo", "type", "amount", "currency", "status", "failureCode", "failureMessage",
        "account", "hold", "refundedAmount", "batchId", "batchIndex", "createdAt", "updatedAt" })
@RegisterForReflection
public record PaymentView(
        String id,
        String merchantOrderNo,
        PaymentType type,
        String amount,
        String currency,
        PaymentStatus status,
        String failureCode,
        String failureMessage,
        Account account,
        /** Why it waits (or waited) for a review, and since when; only on a payment that was held. */
        @JsonInclude(JsonInclude.Include.NON_NULL) Hold hold,
        /** Sum of the SUCCEEDED refunds; only on a refunded payment. */
        @JsonInclude(JsonInclude.Include.NON_NULL) String refundedAmount,
        /** The batch it is an item of; only on batch items. */
        @JsonInclude(JsonInclude.Include.NON_NULL) String batchId,
        /** Its index in the batch request (the {@code after} of GET /v1/batches/{id}/items); only on batch items. */
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer batchIndex,
        Instant createdAt,
        Instant updatedAt) {

    @RegisterForReflection
    public record Account(String bankCode, String numberMasked) {
    }

    @RegisterForReflection
    public record Hold(String reason, Instant since) {
    }

    public static PaymentView of(PaymentRow p) {
        return new PaymentView(p.id(), p.merchantOrderNo(), p.type(), Money.format(p.amount(), p.currency()),
                p.currency(), p.status(), p.failureCode(), p.failureMessage(),
                new Account(p.bankCode(), p.accountMasked()),
                p.holdReason() == null ? null
                        : new Hold(p.holdReason(), p.heldAt() == null ? null : p.heldAt().toInstant().truncatedTo(ChronoUnit.MILLIS)),
                p.refundedAmount() == null || p.refundedAmount().signum() == 0 ? null
                        : Money.format(p.refundedAmount(), p.currency()),
                p.batchId(),
                p.batchIndex(),
                p.createdAt().toInstant().truncatedTo(ChronoUnit.MILLIS),
                p.updatedAt().toInstant().truncatedTo(ChronoUnit.MILLIS));
    }
}
