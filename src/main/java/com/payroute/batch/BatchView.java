package com.payroute.batch;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.payroute.money.Money;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The batch body of API.md section 1; {@code rejected} lists every bad item with its index and errors. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "id", "merchantBatchNo", "type", "status", "counts", "amounts", "currency", "rejected", "deadline",
        "createdAt", "updatedAt", "completedAt" })
@RegisterForReflection
public record BatchView(String id, String merchantBatchNo, String type, String status, Counts counts, Amounts amounts,
        String currency, List<Object> rejected, Instant deadline, Instant createdAt, Instant updatedAt, Instant completedAt) {

    @RegisterForReflection
    public record Counts(int items, int rejected, int processing, int onHold, int succeeded, int failed) {
    }

    /** Sums of the items' amounts by status, in {@code currency} when the items share one. */
    @RegisterForReflection
    public record Amounts(String succeeded, String failed) {
    }

    @SuppressWarnings("unchecked")
    public static BatchView of(BatchRow b) {
        return new BatchView(b.id(), b.merchantBatchNo(), b.type(), b.status(),
                new Counts(b.items(), b.rejectedCount(), b.processing(), b.onHold(), b.succeeded(), b.failed()),
                new Amounts(amount(b.succeededAmount(), b.currency()), amount(b.failedAmount(), b.currency())), b.currency(),
                b.rejected().getList().stream().map(o -> o instanceof io.vertx.core.json.JsonObject j ? (Object) j.getMap() : o).toList(),
                instant(b.deadlineAt()), instant(b.createdAt()), instant(b.updatedAt()), instant(b.completedAt()));
    }

    private static String amount(BigDecimal amount, String currency) {
        if (currency != null) {
            return Money.format(amount, currency);
        }
        BigDecimal plain = amount.stripTrailingZeros();
        return (plain.scale() < 2 ? plain.setScale(2) : plain).toPlainString();
    }

    private static Instant instant(java.time.OffsetDateTime at) {
        return at == null ? null : at.toInstant().truncatedTo(ChronoUnit.MILLIS);
    }
}
