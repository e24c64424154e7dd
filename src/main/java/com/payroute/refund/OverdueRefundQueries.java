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
 * Sweep: an open refund whose next query is overdue by {@code payroute.sweeper.query-grace} lost its
 * query message: send that step again (oldest first, bounded per channel). The step claim makes a
 * duplicate harmless.
 */
@ApplicationScoped
public class OverdueRefundQueries implements SweepTask {

    private static final Logger LOG = Logger.getLogger(OverdueRefundQueries.class);

    private final RefundQueue queue;
    private final SweeperConfig config;

    OverdueRefundQueries(RefundQueue queue, SweeperConfig config) {
        this.queue = queue;
        this.config = config;
    }

    @Override
    public String action() {
        return "refund_queried";
    }

    @Override
    public Uni<List<Uni<?>>> sweep(SqlConnection conn) {
        return conn.preparedQuery("""
                with overdue as (
                    select id, row_number() over (partition by channel_code order by next_query_at) as n
                    from refund where status in ('PROCESSING', 'UNKNOWN')
                    and next_query_at < now() - $1 * interval '1 millisecond'
                )
                update refund r set next_query_at = now() + $1 * interval '1 millisecond'
                from (select id from overdue where n <= $3 limit $2) o
                where r.id = o.id and r.status in ('PROCESSING', 'UNKNOWN')
                returning r.query_count,\s""" + ClaimedRefund.COLUMNS)
                .execute(Tuple.of(config.queryGrace().toMillis(), config.batch(), config.perChannel()))
                .map(rows -> {
                    List<Uni<?>> sends = new ArrayList<>();
                    rows.forEach(row -> {
                        RefundQueue.Query query = ClaimedRefund.of(row).query(row.getInteger("query_count"));
                        LOG.warnf("sweeper: query %d of refund %s is overdue; sending it again (reason QUERY_OVERDUE)",
                                query.step(), query.refundId());
                        sends.add(queue.query(query, Duration.ZERO));
                    });
                    return sends;
                });
    }
}
