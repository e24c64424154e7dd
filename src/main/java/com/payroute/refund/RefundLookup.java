package com.payroute.refund;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** A merchant's refunds; another merchant's refund is simply not found. */
@ApplicationScoped
public class RefundLookup {

    private final Pool pool;

    RefundLookup(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<RefundRow>> byId(String merchantId, String refundId) {
        return pool.preparedQuery("select " + RefundRow.COLUMNS + " from refund where id = $1 and merchant_id = $2")
                .execute(Tuple.of(refundId, merchantId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(RefundRow.of(rows.iterator().next())));
    }

    public Uni<Optional<RefundRow>> byMerchantRefundNo(String merchantId, String merchantRefundNo) {
        return pool.preparedQuery("select " + RefundRow.COLUMNS + " from refund where merchant_id = $1 and merchant_refund_no = $2")
                .execute(Tuple.of(merchantId, merchantRefundNo))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(RefundRow.of(rows.iterator().next())));
    }

    /** A payment's refunds, oldest first; empty when the merchant has no such payment. */
    public Uni<Optional<List<RefundRow>>> ofPayment(String merchantId, String paymentId) {
        String columns = java.util.Arrays.stream(RefundRow.COLUMNS.split(", ")).map(c -> "r." + c)
                .collect(java.util.stream.Collectors.joining(", "));
        return pool.preparedQuery("select " + columns + " from payment p left join refund r on r.payment_id = p.id "
                + "where p.id = $1 and p.merchant_id = $2 order by r.created_at, r.id")
                .execute(Tuple.of(paymentId, merchantId))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return Optional.empty();
                    }
                    List<RefundRow> refunds = new java.util.ArrayList<>();
                    rows.forEach(row -> {
                        if (row.getString("id") != null) {
                            refunds.add(RefundRow.of(row));
                        }
                    });
                    return Optional.of(refunds);
                });
    }
}
