package com.payroute.reconciliation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

/** A difference between a channel's statement and payroute's books, as stored. */
public record DiscrepancyRow(String id, String reconciliationId, String channel, LocalDate day, String kind, String orderNo,
        String paymentId, String refundId, BigDecimal channelAmount, BigDecimal payrouteAmount, String currency,
        String channelStatus, String payrouteStatus, String status, JsonObject resolution, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static final String COLUMNS = "id, reconciliation_id, channel_code, day, kind, order_no, payment_id, refund_id, channel_amount, "
            + "payroute_amount, currency, channel_status, payroute_status, status, resolution, created_at, updated_at";

    static DiscrepancyRow of(Row row) {
        Object resolution = row.getValue("resolution");
        return new DiscrepancyRow(row.getString("id"), row.getString("reconciliation_id"), row.getString("channel_code"),
                row.getLocalDate("day"), row.getString("kind"), row.getString("order_no"), row.getString("payment_id"),
                row.getString("refund_id"), row.getBigDecimal("channel_amount"), row.getBigDecimal("payroute_amount"),
                row.getString("currency"), row.getString("channel_status"), row.getString("payroute_status"), row.getString("status"),
                resolution == null ? null : resolution instanceof JsonObject json ? json : new JsonObject(String.valueOf(resolution)),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    }

    /** What the channel holds beyond what payroute kept: the most a correcting refund may give back. */
    BigDecimal refundable() {
        if (channelAmount == null || refundId != null || paymentId == null) {
            return BigDecimal.ZERO;
        }
        return switch (kind) {
            case "CHANNEL_ONLY", "DUPLICATE_CHARGE" -> channelAmount;
            case "STATUS_MISMATCH" -> "SUCCEEDED".equals(channelStatus) ? channelAmount : BigDecimal.ZERO;
            case "AMOUNT_MISMATCH" -> payrouteAmount == null ? BigDecimal.ZERO : channelAmount.subtract(payrouteAmount).max(BigDecimal.ZERO);
            default -> BigDecimal.ZERO;
        };
    }
}
