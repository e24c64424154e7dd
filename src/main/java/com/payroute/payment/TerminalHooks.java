package com.payroute.payment;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What happens inside the very transaction that makes a payment terminal, so that a crash can
 * never separate them: waiters on any replica are woken (NOTIFY is delivered on commit), and the
 * merchant's callback is written to the outbox (notification) with a stable event id.
 */
@ApplicationScoped
public class TerminalHooks {

    public static final String CHANNEL = "payment_terminal";

    /** The callback now due, or null when the payment has no notifyUrl. */
    public Uni<CallbackDue> onTerminal(SqlConnection conn, String paymentId) {
        return conn.preparedQuery("select pg_notify('" + CHANNEL + "', $1)").execute(Tuple.of(paymentId))
                .chain(() -> conn.preparedQuery("""
                        insert into notification (event_id, payment_id, merchant_id, url, status, attempts, next_attempt_at,
                            created_at, updated_at)
                        select $2, id, merchant_id, notify_url, 'PENDING', 0, now(), now(), now()
                        from payment where id = $1 and notify_url is not null
                        on conflict (payment_id) do nothing
                        returning event_id, merchant_id""")
                        .execute(Tuple.of(paymentId, Ids.event())))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new CallbackDue(row.getString("event_id"), row.getString("merchant_id"), paymentId);
                });
    }
}
