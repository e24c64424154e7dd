package com.payroute.refund;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/** A refund as the merchant API reads it from PostgreSQL. */
public record RefundRow(
        String id,
        String paymentId,
        String merchantId,
        String merchantRefundNo,
        BigDecimal amount,
        String currency,
        String reason,
        RefundStatus status,
        String failureCode,
        String failureMessage,
        byte[] requestHash,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /** The columns {@link #of(Row)} reads. */
    public static final String COLUMNS = "id, payment_id, merchant_id, merchant_refund_no, amount, currency, reason, status, "
            + "failure_code, failure_message, request_hash, created_at, updated_at";

    public static RefundRow of(Row row) {
        return new RefundRow(
                row.getString("id"),
                row.getString("payment_id"),
                row.getString("merchant_id"),
                row.getString("merchant_refund_no"),
                row.getBigDecimal("amount"),
                row.getString("currency"),
                row.getString("reason"),
                RefundStatus.valueOf(row.getString("status")),
                row.getString("failure_code"),
                row.getString("failure_message"),
                row.getBuffer("request_hash").getBytes(),
                row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"));
    }
}
