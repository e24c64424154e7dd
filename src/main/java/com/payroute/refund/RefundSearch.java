package com.payroute.refund;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.money.Money;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Refunds as ops look for them (stuck, flagged, on a channel), newest first, with their internal state. */
@ApplicationScoped
public class RefundSearch {

    /** A refund with everything ops need to judge it: its internal status, route, calls and flag. */
    @RegisterForReflection
    public record Detail(String id, String paymentId, String merchantId, String merchantRefundNo, String amount, String currency,
            String status, String channel, String accountNo, int submissions, int queryCount, String outcomeCode,
            String outcomeMessage, String failureCode, OffsetDateTime flaggedAt, String flagReason, OffsetDateTime createdAt,
            OffsetDateTime updatedAt, OffsetDateTime completedAt) {
    }

    /** Filters; null ones do not filter. */
    public record Filter(RefundStatus status, String channel, String paymentId, Boolean flagged, Long olderThanSeconds, int limit) {
    }

    private final Pool pool;

    RefundSearch(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Detail>> find(Filter filter) {
        return pool.preparedQuery("""
                select id, payment_id, merchant_id, merchant_refund_no, amount, currency, status, channel_code, account_no,
                    submissions, query_count, outcome_code, outcome_message, failure_code, flagged_at, flag_reason,
                    created_at, updated_at, completed_at
                from refund
                where ($1::text is null or status = $1) and ($2::text is null or channel_code = $2)
                  and ($3::text is null or payment_id = $3) and ($4::boolean is null or (flagged_at is not null) = $4)
                  and ($5::bigint is null or created_at < now() - $5 * interval '1 second')
                order by id desc limit $6""")
                .execute(Tuple.tuple().addString(filter.status() == null ? null : filter.status().name())
                        .addString(filter.channel()).addString(filter.paymentId()).addBoolean(filter.flagged())
                        .addLong(filter.olderThanSeconds()).addInteger(filter.limit()))
                .map(rows -> {
                    List<Detail> found = new ArrayList<>();
                    rows.forEach(r -> found.add(new Detail(r.getString("id"), r.getString("payment_id"), r.getString("merchant_id"),
                            r.getString("merchant_refund_no"), Money.format(r.getBigDecimal("amount"), r.getString("currency")),
                            r.getString("currency"), r.getString("status"), r.getString("channel_code"), r.getString("account_no"),
                            r.getInteger("submissions"), r.getInteger("query_count"), r.getString("outcome_code"),
                            r.getString("outcome_message"), r.getString("failure_code"), r.getOffsetDateTime("flagged_at"),
                            r.getString("flag_reason"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"),
                            r.getOffsetDateTime("completed_at"))));
                    return found;
                });
    }
}
