package com.payroute.refund;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.sweeper.SweepTask;
import com.payroute.sweeper.SweeperConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Sweep: a SUBMITTING refund past its call's own recorded deadline (plus a margin) lost its worker
 * mid-call; the money may have gone back, so it becomes UNKNOWN and is queried now, never re-sent.
 */
@ApplicationScoped
public class LostRefundSubmissions implements SweepTask {

    private static final Logger LOG = Logger.getLogger(LostRefundSubmissions.class);

    private final RefundTransitions transitions;
    private final RefundQueue queue;
    private final SweeperConfig config;

    LostRefundSubmissions(RefundTransitions transitions, RefundQueue queue, SweeperConfig config) {
        this.transitions = transitions;
        this.queue = queue;
        this.config = config;
    }

    @Override
    public String action() {
        return "refund_worker_lost";
    }

    @Override
    public Uni<List<Uni<?>>> sweep(SqlConnection conn) {
        return transitions.abandonLostSubmissions(conn, config.submittingMargin(), config.batch()).map(lost -> {
            List<Uni<?>> sends = new ArrayList<>();
            for (ClaimedRefund refund : lost) {
                LOG.warnf("sweeper: refund %s of payment %s on %s lost its worker mid-call; now UNKNOWN, querying (reason WORKER_LOST)",
                        refund.refundId(), refund.paymentId(), refund.channelCode());
                sends.add(queue.query(refund.query(0), Duration.ZERO));
            }
            return sends;
        });
    }
}
