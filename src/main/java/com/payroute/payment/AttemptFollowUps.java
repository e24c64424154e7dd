package com.payroute.payment;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.channel.WorkerConfig;
import com.payroute.messaging.Disposition;
import com.payroute.notify.CallbackQueue;

import io.smallrye.mutiny.Uni;

/**
 * What a committed settlement calls for, done only after its commit: the next channel's attempt,
 * the first query of an attempt left open, or the terminal payment's callback (and its callers
 * waiting on this replica woken). Each publish may fail without harm: PostgreSQL holds the state,
 * and the sweeper sends what is missing.
 */
@ApplicationScoped
public class AttemptFollowUps {

    private final SubmissionQueue submissions;
    private final QueryScheduler queries;
    private final CallbackQueue callbacks;
    private final WorkerConfig worker;
    private final TerminalWaiter waiter;

    AttemptFollowUps(SubmissionQueue submissions, QueryScheduler queries, CallbackQueue callbacks, WorkerConfig worker,
            TerminalWaiter waiter) {
        this.waiter = waiter;
        this.submissions = submissions;
        this.queries = queries;
        this.callbacks = callbacks;
        this.worker = worker;
    }

    public Duration firstQueryDelay() {
        return queries.firstDelay();
    }

    public Uni<Void> after(ClaimedAttempt attempt, Settlement settlement) {
        Uni<?> published = switch (settlement.result()) {
            case ROUTED_ELSEWHERE -> submissions.publish(settlement.next());
            case AWAITING_QUERY -> queries.scheduleFirst(attempt);
            case TERMINAL -> {
                waiter.ended(attempt.paymentId());
                yield callbacks.dispatchAll(settlement.callbacks());
            }
            case NOT_APPLIED, INCONSISTENT, DEFERRED -> Uni.createFrom().voidItem();
        };
        return published.replaceWithVoid();
    }

    /** No permit was free: the channel was not called, the message comes back after the back-off. */
    public Uni<Disposition> backOff(RoutedAttempt attempt) {
        return submissions.publishLater(attempt, worker.noPermitBackoff())
                .replaceWith(Disposition.ACK)
                .onFailure().recoverWithItem(Disposition.RETRY);
    }
}
