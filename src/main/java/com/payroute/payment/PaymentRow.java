package com.payroute.payment;

import com.payroute.money.PaymentType;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/** A payment as the merchant API reads it from PostgreSQL. */
public record PaymentRow(
        String id,
        String merchantId,
        String merchantOrderNo,
        PaymentType type,
        BigDecimal amount,
        String currency,
        String bankCode,
        String accountMasked,
        String notifyUrl,
        PaymentStatus status,
        String failureCode,
        String failureMessage,
        byte[] requestHash,
        BigDecimal refundedAmount,
        String holdReason,
        OffsetDateTime heldAt,
        String batchId,
        Integer batchIndex,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /** The columns {@link #of(Row)} reads. */
    public static final String COLUMNS = "id, merchant_id, merchant_order_no, type, amount, currency, bank_code, "
            + "account_masked, notify_url, status, failure_code, failure_message, request_hash, refunded_amount, hold_reason, held_at, batch_id, batch_index, created_at, updated_at";

    public static PaymentRow of(Row row) {
        return new PaymentRow(
                row.getString("id"),
                row.getString("merchant_id"),
                row.getString("merchant_order_no"),
                PaymentType.valueOf(row.getString("type")),
                row.getBigDecimal("amount"),
                row.getString("currency"),
                row.getString("bank_code"),
                row.getString("account_masked"),
                row.getString("notify_url"),
                PaymentStatus.valueOf(row.getString("status")),
                row.getString("failure_code"),
                row.getString("failure_message"),
                row.getBuffer("request_hash").getBytes(),
                row.getBigDecimal("refunded_amount"),
                row.getString("hold_reason"),
                row.getOffsetDateTime("held_at"),
                row.getString("batch_id"),
                row.getInteger("batch_index"),
                row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"));
    }
}
