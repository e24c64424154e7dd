package com.payroute.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.payment.ClaimedAttempt;
import com.payroute.payment.PaymentTransitions;
import com.payroute.sweeper.SweepTask;
import com.payroute.sweeper.SweeperConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Sweep: a SUBMITTING attempt past its call's own recorded deadline (plus a margin) lost its worker
 * mid-call; whether the call happened is unknown, so it becomes UNKNOWN and is queried now. The
 * deadline is the one recorded when the call was made: an ops change of the channel's timeout does
 * not make a call still in flight look lost.
 */
@ApplicationScoped
public class LostSubmissions implements SweepTask {

    private static final Logger LOG = Logger.getLogger(LostSubmissions.class);

    private final PaymentTransitions transitions;
    private final QueryQueue queries;
    private final SweeperConfig config;

    LostSubmissions(PaymentTransitions transitions, QueryQueue queries, SweeperConfig config) {
        this.transitions = transitions;
        this.queries = queries;
        this.config = config;
    }

    @Override
    public String action() {
        return "worker_lost";
    }

    @Override
    public Uni<List<Uni<?>>> sweep(SqlConnection conn) {
        return transitions.abandonLostSubmissions(conn, config.submittingMargin(), config.batch()).map(lost -> {
            List<Uni<?>> sends = new ArrayList<>();
            for (ClaimedAttempt a : lost) {
                LOG.warnf("sweeper: attempt %s of payment %s on %s lost its worker mid-call; now UNKNOWN, querying (reason WORKER_LOST)",
                        a.attemptId(), a.paymentId(), a.channelCode());
                sends.add(queries.publish(QueryRequest.of(a, 0), Duration.ZERO));
            }
            return sends;
        });
    }
}
