package com.payroute.refund;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.messaging.Disposition;
import com.payroute.notify.CallbackQueue;
import com.payroute.query.QuerySchedule;

import io.smallrye.mutiny.Uni;

/**
 * What a committed refund settlement calls for, done only after its commit: the first query of a
 * refund left open, the same channel again for one it did not take, or the terminal refund's
 * callback. Each publish may fail without harm: the sweeper sends what is missing.
 */
@ApplicationScoped
public class RefundFollowUps {

    private final RefundQueue queue;
    private final QuerySchedule schedule;
    private final CallbackQueue callbacks;
    private final RefundConfig config;

    RefundFollowUps(RefundQueue queue, QuerySchedule schedule, CallbackQueue callbacks, RefundConfig config) {
        this.queue = queue;
        this.schedule = schedule;
        this.callbacks = callbacks;
        this.config = config;
    }

    /** No permit was free: the channel was not called, the message comes back after {@code delay}. */
    public Uni<Disposition> backOff(RefundQueue.Submission refund, Duration delay) {
        return queue.submit(refund, delay).map(published -> published ? Disposition.ACK : Disposition.RETRY);
    }

    public RefundQueue queue() {
        return queue;
    }

    /** Refunds are queried on the payments' schedule. */
    public QuerySchedule schedule() {
        return schedule;
    }

    public Uni<Void> after(ClaimedRefund refund, RefundSettlement settlement) {
        RefundQueue.Submission again = refund.submission();
        Uni<?> published = switch (settlement.result()) {
            case AWAITING_QUERY -> queue.query(refund.query(0), schedule.first());
            case SEND_AGAIN_LATER -> queue.submit(again, config.notTakenRetry());
            case SEND_AGAIN_NOW -> queue.submit(again, Duration.ZERO);
            case TERMINAL -> settlement.callback() == null ? Uni.createFrom().voidItem() : callbacks.dispatch(settlement.callback());
            case NOT_APPLIED -> Uni.createFrom().voidItem();
        };
        return published.replaceWithVoid();
    }
}
