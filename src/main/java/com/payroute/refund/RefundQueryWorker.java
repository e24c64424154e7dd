package com.payroute.refund;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.channel.CallOutcome;
import com.payroute.channel.ChannelAccount;
import com.payroute.channel.ChannelCalls;
import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelRegistry;
import com.payroute.channel.ChannelWork;
import com.payroute.channel.PermittedClaim;
import com.payroute.channel.Purpose;
import com.payroute.channel.WorkerConfig;
import com.payroute.messaging.Delivery;
import com.payroute.messaging.Disposition;

import io.smallrye.mutiny.Uni;

/**
 * Asks a channel about refunds whose outcome is open, from its query queue, under the account the
 * refund was sent with, one step of the payments' schedule per message: take the step (a duplicate
 * takes nothing), ask, and settle on SUCCEEDED or FAILED. A 404 is weighed by the not-found rule:
 * only a proven "never taken" sends the refund again, to the same channel. Anything else schedules
 * the next step, or flags the refund when the schedule is exhausted.
 */
@ApplicationScoped
public class RefundQueryWorker implements ChannelWork {

    private static final Logger LOG = Logger.getLogger(RefundQueryWorker.class);

    private final ChannelRegistry registry;
    private final RefundTransitions transitions;
    private final PermittedClaim claims;
    private final ChannelCalls calls;
    private final RefundFollowUps followUps;
    private final WorkerConfig worker;

    RefundQueryWorker(ChannelRegistry registry, RefundTransitions transitions, PermittedClaim claims, ChannelCalls calls,
            RefundFollowUps followUps, WorkerConfig worker) {
        this.registry = registry;
        this.transitions = transitions;
        this.claims = claims;
        this.calls = calls;
        this.followUps = followUps;
        this.worker = worker;
    }

    @Override
    public Purpose purpose() {
        return Purpose.QUERY;
    }

    @Override
    public String kind() {
        return RefundQueue.KIND;
    }

    @Override
    public Uni<Disposition> handle(String channelCode, Delivery delivery) {
        RefundQueue.Query query;
        try {
            query = RefundQueue.readQuery(delivery.body(), channelCode);
        } catch (IllegalArgumentException | ClassCastException e) {
            LOG.errorf("unreadable refund query message on %s dead-lettered", delivery.queue());
            return Uni.createFrom().item(Disposition.DEAD_LETTER);
        }
        ChannelConfig channel = registry.find(channelCode).orElse(null);
        ChannelAccount account = channel == null ? null : channel.account(query.accountNo());
        if (account == null) {
            LOG.errorf("query of refund %s names unknown channel or account %s/%s; left to the sweeper", query.refundId(),
                    channelCode, query.accountNo());
            return Uni.createFrom().item(Disposition.ACK);
        }
        Duration lease = Duration.ofMillis(channel.connectTimeoutMs() + channel.timeoutMs()).plus(worker.permitLeaseMargin());
        return claims.run(channel, account, Purpose.QUERY,
                () -> followUps.queue().query(query, followUps.schedule().first())
                        .map(published -> published ? Disposition.ACK : Disposition.RETRY),
                () -> transitions.claimQueryStep(query.refundId(), query.step(), lease),
                (claimed, permit) -> ask(channel, account, claimed, query).replaceWith(Disposition.ACK));
    }

    private Uni<Void> ask(ChannelConfig channel, ChannelAccount account, ClaimedRefund refund, RefundQueue.Query query) {
        int stepsTaken = query.step() + 1;
        return calls.queryRefund(channel, account, refund.refundId()).chain(outcome -> switch (outcome.kind()) {
            case SUCCEEDED, FAILED -> transitions.settle(refund, RefundStatus.AWAITING_QUERY, outcome, followUps.schedule().first())
                    .call(settlement -> followUps.after(refund, settlement))
                    .invoke(settlement -> logSettled(refund, query, outcome, settlement))
                    .replaceWithVoid();
            case NOT_FOUND -> transitions.notFound(refund, stepsTaken).chain(verdict -> verdict.applied()
                    ? followUps.after(refund, verdict).invoke(() -> logSettled(refund, query, outcome, verdict))
                    : scheduleNext(refund, query, outcome, false));
            case PROCESSING -> scheduleNext(refund, query, outcome, true);
            case AMBIGUOUS, NOT_TAKEN -> scheduleNext(refund, query, outcome, false);
        });
    }

    private static void logSettled(ClaimedRefund refund, RefundQueue.Query query, CallOutcome outcome, RefundSettlement settlement) {
        if (settlement.applied()) {
            LOG.infof("refund %s of payment %s settled by query %d on %s: %s %s (%s)", refund.refundId(), refund.paymentId(),
                    query.step(), refund.channelCode(), outcome.kind(), outcome.code(), settlement.result());
        }
    }

    private Uni<Void> scheduleNext(ClaimedRefund refund, RefundQueue.Query query, CallOutcome outcome, boolean acknowledged) {
        int stepsTaken = query.step() + 1;
        return followUps.schedule().delayBefore(stepsTaken)
                .map(delay -> transitions.awaitNextQuery(refund.refundId(), stepsTaken, delay, acknowledged)
                        .chain(scheduled -> scheduled ? followUps.queue().query(query.next(), delay).replaceWithVoid()
                                : Uni.createFrom().voidItem()))
                .orElseGet(() -> transitions.exhaustQueries(refund.refundId(), stepsTaken, acknowledged).invoke(flagged -> {
                    if (flagged) {
                        LOG.errorf("refund %s flagged for ops: no final answer from %s after %d queries (last: %s)",
                                refund.refundId(), refund.channelCode(), stepsTaken, outcome.code());
                    }
                }).replaceWithVoid());
    }
}
