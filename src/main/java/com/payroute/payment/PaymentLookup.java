package com.payroute.payment;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** A merchant's payments, by id or order number; another merchant's payment is simply not found. */
@ApplicationScoped
public class PaymentLookup {

    private final Pool pool;

    PaymentLookup(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<PaymentRow>> byId(String merchantId, String paymentId) {
        return one("select " + PaymentRow.COLUMNS + " from payment where id = $1 and merchant_id = $2",
                Tuple.of(paymentId, merchantId));
    }

    public Uni<Optional<PaymentRow>> byMerchantOrderNo(String merchantId, String merchantOrderNo) {
        return one("select " + PaymentRow.COLUMNS + " from payment where merchant_id = $1 and merchant_order_no = $2",
                Tuple.of(merchantId, merchantOrderNo));
    }

    private Uni<Optional<PaymentRow>> one(String sql, Tuple params) {
        return pool.preparedQuery(sql).execute(params)
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(PaymentRow.of(rows.iterator().next())));
    }
}
