package com.payroute.query;

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
import com.payroute.payment.AttemptFollowUps;
import com.payroute.payment.AttemptStatus;
import com.payroute.payment.ClaimedAttempt;
import com.payroute.payment.PaymentTransitions;
import com.payroute.payment.Settlement;

import io.smallrye.mutiny.Uni;

/**
 * Asks channels about payment attempts whose outcome is open, from each channel's query queue (on
 * consumers of its own, so queries never hold up submissions), under the account the order was
 * sent with. Each message is one step of an attempt's schedule: take the step (a duplicate takes
 * nothing), ask the channel, and settle the attempt if it answered SUCCEEDED or FAILED. A 404 is
 * weighed by the not-found rule: only a proven "never taken" routes the payment elsewhere. Anything
 * else schedules the next step, or flags the payment for ops when the schedule is exhausted. The
 * order is never sent again.
 */
@ApplicationScoped
public class QueryWorker implements ChannelWork {

    private static final Logger LOG = Logger.getLogger(QueryWorker.class);

    private final ChannelRegistry registry;
    private final PaymentTransitions transitions;
    private final PermittedClaim claims;
    private final ChannelCalls calls;
    private final QueryQueue queries;
    private final AttemptFollowUps followUps;
    private final WorkerConfig worker;

    QueryWorker(ChannelRegistry registry, PaymentTransitions transitions, PermittedClaim claims, ChannelCalls calls,
            QueryQueue queries, AttemptFollowUps followUps, WorkerConfig worker) {
        this.registry = registry;
        this.transitions = transitions;
        this.claims = claims;
        this.calls = calls;
        this.queries = queries;
        this.followUps = followUps;
        this.worker = worker;
    }

    @Override
    public Purpose purpose() {
        return Purpose.QUERY;
    }

    @Override
    public String kind() {
        return QueryQueue.KIND;
    }

    @Override
    public Uni<Disposition> handle(String channelCode, Delivery delivery) {
        QueryRequest query;
        try {
            query = QueryQueue.read(delivery.body(), channelCode);
        } catch (IllegalArgumentException e) {
            LOG.errorf("unreadable query message on %s dead-lettered", delivery.queue());
            return Uni.createFrom().item(Disposition.DEAD_LETTER);
        }
        ChannelConfig channel = registry.find(query.channelCode()).orElse(null);
        if (channel == null) {
            LOG.errorf("query for attempt %s names unknown channel %s; left to the sweeper", query.attemptId(), query.channelCode());
            return Uni.createFrom().item(Disposition.ACK);
        }
        ChannelAccount recorded = query.accountNo() == null ? null : channel.account(query.accountNo());
        ChannelAccount account = recorded != null ? recorded : channel.accountFor(query.merchantId());
        Duration lease = Duration.ofMillis(channel.connectTimeoutMs() + channel.timeoutMs()).plus(worker.permitLeaseMargin());
        // No permit: the step is not taken, the same step comes back after the shortest delay.
        return claims.run(channel, account, Purpose.QUERY,
                () -> queries.publish(query, followUps.firstQueryDelay()).map(published -> published ? Disposition.ACK : Disposition.RETRY),
                () -> transitions.claimQueryStep(query.attemptId(), query.step(), lease),
                (claimed, permit) -> ask(channel, account, claimed, query).replaceWith(Disposition.ACK));
    }

    private Uni<Void> ask(ChannelConfig channel, ChannelAccount account, ClaimedAttempt attempt, QueryRequest query) {
        int stepsTaken = query.step() + 1;
        return calls.query(channel, account, attempt.paymentId()).chain(outcome -> switch (outcome.kind()) {
            case SUCCEEDED, FAILED -> settle(attempt, query, outcome);
            case NOT_FOUND -> transitions.notFound(attempt, stepsTaken).chain(verdict -> verdict.proven() != null
                    ? followUps.after(attempt, verdict.proven()).invoke(() -> logSettled(attempt, query, outcome, verdict.proven()))
                    : scheduleNext(attempt, query, outcome, false));
            case PROCESSING -> scheduleNext(attempt, query, outcome, true);
            case AMBIGUOUS, NOT_TAKEN -> scheduleNext(attempt, query, outcome, false);
        });
    }

    private Uni<Void> settle(ClaimedAttempt attempt, QueryRequest query, CallOutcome outcome) {
        return transitions.settle(attempt, AttemptStatus.AWAITING_QUERY, outcome, followUps.firstQueryDelay())
                .call(settlement -> followUps.after(attempt, settlement))
                .invoke(settlement -> logSettled(attempt, query, outcome, settlement))
                .replaceWithVoid();
    }

    private static void logSettled(ClaimedAttempt attempt, QueryRequest query, CallOutcome outcome, Settlement settlement) {
        if (settlement.applied()) {
            LOG.infof("attempt %s of payment %s settled by query %d on %s: %s %s (%s)", attempt.attemptId(),
                    attempt.paymentId(), query.step(), attempt.channelCode(), outcome.kind(), outcome.code(), settlement.result());
        }
    }

    private Uni<Void> scheduleNext(ClaimedAttempt attempt, QueryRequest query, CallOutcome outcome, boolean acknowledged) {
        int stepsTaken = query.step() + 1;
        return queries.delayBefore(stepsTaken)
                .map(delay -> transitions.awaitNextQuery(attempt.attemptId(), stepsTaken, delay, acknowledged)
                        .chain(scheduled -> scheduled ? queries.publish(query.next(), delay).replaceWithVoid()
                                : Uni.createFrom().voidItem()))
                .orElseGet(() -> transitions.exhaustQueries(attempt, stepsTaken, acknowledged).invoke(flagged -> {
                    if (flagged) {
                        LOG.errorf("payment %s flagged for ops: attempt %s on %s has no final answer after %d queries (last: %s)",
                                attempt.paymentId(), attempt.attemptId(), attempt.channelCode(), stepsTaken, outcome.code());
                    }
                }).replaceWithVoid());
    }
}
