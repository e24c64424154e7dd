package com.payroute.payment;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.payroute.notify.CallbackDue;
import com.payroute.notify.Outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * What happens inside the very transaction that changes a payment's status, so that a crash can
 * never separate them: a batch item's counts move with it; and when it becomes terminal, the
 * merchant's callback ({@code payment.succeeded} or {@code payment.failed}) is written to the outbox.
 * (Callers held by {@code Prefer: wait} are woken after the commit: {@link TerminalWaiter}.)
 * {@link PaymentTransitions#END} does what these hooks do for a payment outside a batch in the
 * statement that ends it: a hook added here is added there too.
 */
@ApplicationScoped
public class TerminalHooks {

    private final Outbox outbox;
    private final Instance<BatchItems> batches;

    TerminalHooks(Outbox outbox, Instance<BatchItems> batches) {
        this.outbox = outbox;
        this.batches = batches;
    }

    /** The callbacks now due: the payment's (none without a notifyUrl), and its batch's if it completed it. */
    public Uni<List<CallbackDue>> onTerminal(SqlConnection conn, String paymentId, Moved moved) {
        List<CallbackDue> due = new ArrayList<>();
        return onChange(conn, moved).invoke(batch -> batch.forEach(due::add))
                .chain(() -> outbox.forPayment(conn, PaymentEvents.type(moved.to()), paymentId, paymentId))
                .map(callback -> {
                    if (callback != null) {
                        due.add(0, callback);
                    }
                    return due;
                });
    }

    /** A status change (terminal or not, e.g. a hold approved): a batch item's counts follow; its batch's event, if any. */
    public Uni<List<CallbackDue>> onChange(SqlConnection conn, Moved moved) {
        List<CallbackDue> due = new ArrayList<>();
        if (moved.batchId() == null) {
            return Uni.createFrom().item(due);
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (BatchItems items : batches) {
            chain = chain.chain(() -> items.moved(conn, moved).invoke(callback -> {
                if (callback != null) {
                    due.add(callback);
                }
            })).replaceWithVoid();
        }
        return chain.replaceWith(due);
    }

    /** A payment's status change, with what a batch needs to keep its counts. */
    public record Moved(String batchId, java.math.BigDecimal amount, PaymentStatus from, PaymentStatus to) {
    }
}
