package com.payroute.payment;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.notify.CallbackDue;
import com.payroute.notify.Outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What happens inside the very transaction that makes a payment terminal, so that a crash can
 * never separate them: waiters on any replica are woken (NOTIFY is delivered on commit), and the
 * merchant's callback ({@code payment.succeeded} or {@code payment.failed}) is written to the outbox.
 */
@ApplicationScoped
public class TerminalHooks {

    public static final String CHANNEL = "payment_terminal";

    private final Outbox outbox;

    TerminalHooks(Outbox outbox) {
        this.outbox = outbox;
    }

    /** The callback now due, or null when the payment has no notifyUrl. */
    public Uni<CallbackDue> onTerminal(SqlConnection conn, String paymentId, PaymentStatus status) {
        return conn.preparedQuery("select pg_notify('" + CHANNEL + "', $1)").execute(Tuple.of(paymentId))
                .chain(() -> outbox.forPayment(conn, PaymentEvents.type(status), paymentId, paymentId));
    }
}
