package com.payroute.reconciliation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.audit.AuditLog;
import com.payroute.channel.CallOutcome;
import com.payroute.payment.AttemptFollowUps;
import com.payroute.payment.AttemptStatus;
import com.payroute.payment.PaymentTransitions;
import com.payroute.refund.RefundFollowUps;
import com.payroute.refund.RefundStatus;
import com.payroute.refund.RefundTransitions;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Settles what payroute still had open and the channel's statement shows settled, through the same
 * conditional transitions as an answer from the channel (so a payment that became terminal meanwhile
 * is never rewritten), with its callback, and audited with reason RECONCILED.
 */
@ApplicationScoped
public class AutoSettlement {

    private static final Logger LOG = Logger.getLogger(AutoSettlement.class);
    static final String RECONCILED = "RECONCILED";

    private final PaymentTransitions payments;
    private final AttemptFollowUps attemptFollowUps;
    private final RefundTransitions refunds;
    private final RefundFollowUps refundFollowUps;
    private final AuditLog audit;
    private final Pool pool;

    AutoSettlement(PaymentTransitions payments, AttemptFollowUps attemptFollowUps, RefundTransitions refunds,
            RefundFollowUps refundFollowUps, AuditLog audit, Pool pool) {
        this.payments = payments;
        this.attemptFollowUps = attemptFollowUps;
        this.refunds = refunds;
        this.refundFollowUps = refundFollowUps;
        this.audit = audit;
        this.pool = pool;
    }

    /** Settles each; how many were settled (a duplicate or late one changes nothing). */
    Uni<Integer> settle(ReconciliationRow run, List<Comparison.Settle> open) {
        return Multi.createFrom().iterable(open).onItem().transformToUniAndConcatenate(item -> settle(run, item))
                .collect().asList().map(results -> (int) results.stream().filter(Boolean::booleanValue).count());
    }

    private Uni<Boolean> settle(ReconciliationRow run, Comparison.Settle item) {
        CallOutcome outcome = new CallOutcome(item.succeeded() ? CallOutcome.Kind.SUCCEEDED : CallOutcome.Kind.FAILED, RECONCILED,
                "settled from the statement of " + run.day() + " (" + run.id() + ")", null, null);
        String actor = "reconciliation " + run.id();
        Uni<Boolean> settled = "refund".equals(item.object())
                ? refunds.load(item.id()).chain(found -> found.isEmpty() ? Uni.createFrom().item(false)
                        : refunds.settle(found.get(), RefundStatus.AWAITING_QUERY, outcome, refundFollowUps.schedule().first())
                                .call(settlement -> refundFollowUps.after(found.get(), settlement))
                                .map(settlement -> settlement.applied()))
                : payments.load(item.id()).chain(found -> found.isEmpty() ? Uni.createFrom().item(false)
                        : payments.settle(found.get(), AttemptStatus.AWAITING_QUERY, outcome, attemptFollowUps.firstQueryDelay())
                                .call(settlement -> attemptFollowUps.after(found.get(), settlement))
                                .map(settlement -> settlement.applied()));
        return settled.call(applied -> !applied ? Uni.createFrom().voidItem()
                : pool.withTransaction(conn -> audit.record(conn, actor, "RECONCILED", item.object() + ":" + item.id(), null,
                        new JsonObject().put("reason", RECONCILED).put("status", item.succeeded() ? "SUCCEEDED" : "FAILED")
                                .put("day", run.day().toString()).put("channel", run.channel()))))
                .invoke(applied -> {
                    if (applied) {
                        LOG.infof("%s %s settled %s from %s's statement of %s (reason RECONCILED)", item.object(), item.id(),
                                item.succeeded() ? "SUCCEEDED" : "FAILED", run.channel(), run.day());
                    }
                });
    }
}
