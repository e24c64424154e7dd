package com.payroute.batch;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Row;

/** A batch as stored, with its counts and amounts per status (kept by the transactions that move its items). */
public record BatchRow(String id, String merchantId, String merchantBatchNo, String type, String notifyUrl, String currency,
        byte[] requestHash, String status, int items, JsonArray rejected, int rejectedCount, int processing, int onHold,
        int succeeded, int failed, BigDecimal succeededAmount, BigDecimal failedAmount, OffsetDateTime deadlineAt,
        OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime completedAt) {

    static final String COLUMNS = "id, merchant_id, merchant_batch_no, type, notify_url, currency, request_hash, status, items, "
            + "rejected, rejected_count, processing, on_hold, succeeded, failed, succeeded_amount, failed_amount, deadline_at, "
            + "created_at, updated_at, completed_at";

    static BatchRow of(Row row) {
        Object rejected = row.getValue("rejected");
        return new BatchRow(row.getString("id"), row.getString("merchant_id"), row.getString("merchant_batch_no"),
                row.getString("type"), row.getString("notify_url"), row.getString("currency"),
                row.getBuffer("request_hash").getBytes(), row.getString("status"), row.getInteger("items"),
                rejected instanceof JsonArray array ? array : new JsonArray(String.valueOf(rejected)),
                row.getInteger("rejected_count"), row.getInteger("processing"), row.getInteger("on_hold"),
                row.getInteger("succeeded"), row.getInteger("failed"), row.getBigDecimal("succeeded_amount"),
                row.getBigDecimal("failed_amount"), row.getOffsetDateTime("deadline_at"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"), row.getOffsetDateTime("completed_at"));
    }
}
