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
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Sweep: a ROUTED refund untouched for {@code payroute.sweeper.routed-after} lost its message (or its
 * publish failed, or its not-taken retry was lost): publish it again to its own channel. Oldest first,
 * bounded per channel whatever the queue's depth; the claim makes a duplicate harmless.
 */
@ApplicationScoped
public class StaleRoutedRefunds implements SweepTask {

    private static final Logger LOG = Logger.getLogger(StaleRoutedRefunds.class);

    private final RefundQueue queue;
    private final SweeperConfig config;

    StaleRoutedRefunds(RefundQueue queue, SweeperConfig config) {
        this.queue = queue;
        this.config = config;
    }

    @Override
    public String action() {
        return "refund_republished";
    }

    @Override
    public Uni<List<Uni<?>>> sweep(SqlConnection conn) {
        return conn.preparedQuery("""
                with stale as (
                    select id, row_number() over (partition by channel_code order by updated_at) as n
                    from refund where status = 'ROUTED' and updated_at < now() - $1 * interval '1 millisecond'
                )
                update refund r set updated_at = now()
                from (select id from stale where n <= $3 limit $2) s
                where r.id = s.id and r.status = 'ROUTED'
                returning\s""" + ClaimedRefund.COLUMNS)
                .execute(Tuple.of(config.routedAfter().toMillis(), config.batch(), config.perChannel()))
                .map(rows -> {
                    List<Uni<?>> sends = new ArrayList<>();
                    rows.forEach(row -> {
                        ClaimedRefund refund = ClaimedRefund.of(row);
                        LOG.warnf("sweeper: refund %s of payment %s still ROUTED to %s; publishing it again (reason ROUTED_STALE)",
                                refund.refundId(), refund.paymentId(), refund.channelCode());
                        sends.add(queue.submit(refund.submission(), Duration.ZERO));
                    });
                    return sends;
                });
    }
}
