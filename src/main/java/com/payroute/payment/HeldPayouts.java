package com.payroute.payment;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.notify.CallbackQueue;
import com.payroute.review.ReviewAction;
import com.payroute.review.ReviewRow;
import com.payroute.review.Reviews;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Decided reviews of held payments (PAYOUT_HOLD): approved, the payment goes on as PROCESSING and is
 * routed at once; rejected, it ends FAILED {@code REJECTED_IN_REVIEW} with its callback, never charged.
 */
@ApplicationScoped
public class HeldPayouts implements ReviewAction {

    public static final String REJECTED_IN_REVIEW = "REJECTED_IN_REVIEW";

    private final PaymentTransitions transitions;
    private final TerminalHooks hooks;
    private final DeferredRoutes routes;
    private final CallbackQueue callbacks;

    HeldPayouts(PaymentTransitions transitions, TerminalHooks hooks, DeferredRoutes routes, CallbackQueue callbacks) {
        this.transitions = transitions;
        this.hooks = hooks;
        this.routes = routes;
        this.callbacks = callbacks;
    }

    @Override
    public String kind() {
        return Reviews.PAYOUT_HOLD;
    }

    @Override
    public Uni<AfterCommit> approved(SqlConnection conn, ReviewRow review) {
        String paymentId = review.action().getString("paymentId");
        return conn.preparedQuery("update payment set status = 'PROCESSING', route_at = now(), updated_at = now() "
                + "where id = $1 and status = 'ON_HOLD' returning batch_id, amount")
                .execute(Tuple.of(paymentId))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(AfterCommit.NOTHING);
                    }
                    Row row = rows.iterator().next();
                    return hooks.onChange(conn, new TerminalHooks.Moved(row.getString("batch_id"), row.getBigDecimal("amount"),
                            PaymentStatus.ON_HOLD, PaymentStatus.PROCESSING))
                            .replaceWith((AfterCommit) () -> Uni.createFrom().voidItem().invoke(routes::kick));
                });
    }

    @Override
    public Uni<AfterCommit> rejected(SqlConnection conn, ReviewRow review) {
        String paymentId = review.action().getString("paymentId");
        String by = review.decisions().stream().filter(d -> "REJECT".equals(d.decision())).map(ReviewRow.Decision::by)
                .findFirst().orElse("ops");
        return transitions.complete(conn, paymentId, PaymentStatus.ON_HOLD, PaymentStatus.FAILED, REJECTED_IN_REVIEW,
                "rejected in review " + review.id() + " by " + by + "; nothing was charged")
                .map(settlement -> () -> callbacks.dispatchAll(settlement.callbacks()));
    }
}
