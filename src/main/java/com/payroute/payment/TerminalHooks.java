package com.payroute.payment;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What happens, inside the very transaction that makes a payment terminal, so that it can
 * never be lost to a crash: waiters on any replica are woken (NOTIFY is delivered on commit).
 */
@ApplicationScoped
public class TerminalHooks {

    public static final String CHANNEL = "payment_terminal";

    public Uni<Void> onTerminal(SqlConnection conn, String paymentId) {
        return conn.preparedQuery("select pg_notify('" + CHANNEL + "', $1)").execute(Tuple.of(paymentId)).replaceWithVoid();
    }
}
