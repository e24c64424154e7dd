package com.payroute.batch;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.notify.CallbackDue;
import com.payroute.notify.Outbox;
import com.payroute.payment.BatchItems;
import com.payroute.payment.PaymentStatus;
import com.payroute.payment.TerminalHooks;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps a batch's counts and amounts in step with its items, inside the transaction that moves an
 * item, so reading a batch never scans its items. The item that leaves the batch with nothing
 * processing or on hold completes it, and its {@code batch.completed} event is written then.
 */
@ApplicationScoped
public class BatchCounters implements BatchItems {

    private final Outbox outbox;

    BatchCounters(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Uni<CallbackDue> moved(SqlConnection conn, TerminalHooks.Moved moved) {
        int processing = delta(moved, PaymentStatus.PROCESSING);
        int onHold = delta(moved, PaymentStatus.ON_HOLD);
        int succeeded = moved.to() == PaymentStatus.SUCCEEDED ? 1 : 0;
        int failed = moved.to() == PaymentStatus.FAILED ? 1 : 0;
        return conn.preparedQuery("""
                update batch set processing = processing + $2, on_hold = on_hold + $3, succeeded = succeeded + $4,
                    failed = failed + $5, succeeded_amount = succeeded_amount + $4 * $6, failed_amount = failed_amount + $5 * $6,
                    status = case when processing + $2 = 0 and on_hold + $3 = 0 then 'COMPLETED' else status end,
                    completed_at = case when processing + $2 = 0 and on_hold + $3 = 0 then coalesce(completed_at, now())
                                        else completed_at end,
                    updated_at = now()
                where id = $1
                returning status = 'COMPLETED' and completed_at = now() as completed, merchant_id, notify_url""")
                .execute(Tuple.of(moved.batchId(), processing, onHold, succeeded, failed, moved.amount()))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Row row = rows.iterator().next();
                    return row.getBoolean("completed") && row.getString("notify_url") != null
                            ? outbox.record(conn, BatchEvents.COMPLETED, moved.batchId(), row.getString("merchant_id"), row.getString("notify_url"))
                            : Uni.createFrom().nullItem();
                });
    }

    private static int delta(TerminalHooks.Moved moved, PaymentStatus status) {
        return (moved.to() == status ? 1 : 0) - (moved.from() == status ? 1 : 0);
    }
}
