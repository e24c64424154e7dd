package com.payroute.payment;

import com.payroute.notify.CallbackDue;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Told, inside the transaction that changes it, when the status of a batch's payment changes, so the
 * batch's counts never drift from its items (implemented by the batch package).
 */
public interface BatchItems {

    /** Moves the counts; the batch's {@code batch.completed} event when this was its last open item, else null. */
    Uni<CallbackDue> moved(SqlConnection conn, TerminalHooks.Moved moved);
}
