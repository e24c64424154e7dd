package com.payroute.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.payment.PaymentRow;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** A merchant's batches and their items; another merchant's batch is simply not found. */
@ApplicationScoped
public class BatchLookup {

    private final Pool pool;

    BatchLookup(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<BatchRow>> byId(String merchantId, String batchId) {
        return pool.preparedQuery("select " + BatchRow.COLUMNS + " from batch where id = $1 and merchant_id = $2")
                .execute(Tuple.of(batchId, merchantId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(BatchRow.of(rows.iterator().next())));
    }

    Uni<Optional<BatchRow>> byMerchantBatchNo(String merchantId, String merchantBatchNo) {
        return pool.preparedQuery("select " + BatchRow.COLUMNS + " from batch where merchant_id = $1 and merchant_batch_no = $2")
                .execute(Tuple.of(merchantId, merchantBatchNo))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(BatchRow.of(rows.iterator().next())));
    }

    /** The batch's payments in item order after item {@code after}, optionally of one status. */
    public Uni<List<PaymentRow>> items(String merchantId, String batchId, String status, int after, int limit) {
        return pool.preparedQuery("select " + PaymentRow.COLUMNS + " from payment where batch_id = $1 and merchant_id = $2 "
                + "and batch_index > $3 and ($4::text is null or status = $4) order by batch_index limit $5")
                .execute(Tuple.of(batchId, merchantId, after, status, limit))
                .map(rows -> {
                    List<PaymentRow> items = new ArrayList<>();
                    rows.forEach(row -> items.add(PaymentRow.of(row)));
                    return items;
                });
    }
}
