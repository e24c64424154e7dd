package com.payroute.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.sweeper.SweepTask;
import com.payroute.sweeper.SweeperConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Sweep: an open attempt whose next query is overdue by {@code payroute.sweeper.query-grace} lost
 * its query message: send that step again (oldest first, bounded per channel whatever the depth of
 * its query queue). The step claim makes a duplicate harmless; the next sweep may send it again only
 * after another grace period.
 */
@ApplicationScoped
public class OverdueQueries implements SweepTask {

    private static final Logger LOG = Logger.getLogger(OverdueQueries.class);

    private final QueryQueue queries;
    private final SweeperConfig config;

    OverdueQueries(QueryQueue queries, SweeperConfig config) {
        this.queries = queries;
        this.config = config;
    }

    @Override
    public String action() {
        return "queried";
    }

    @Override
    public Uni<List<Uni<?>>> sweep(SqlConnection conn) {
        return conn.preparedQuery("""
                with overdue as (
                    select id, row_number() over (partition by channel_code order by next_query_at) as n
                    from attempt where status in ('PROCESSING', 'UNKNOWN')
                    and next_query_at < now() - $1 * interval '1 millisecond'
                )
                update attempt a set next_query_at = now() + $1 * interval '1 millisecond'
                from (select id from overdue where n <= $3 limit $2) o
                where a.id = o.id and a.status in ('PROCESSING', 'UNKNOWN')
                returning a.id, a.payment_id, a.merchant_id, a.channel_code, a.account_no, a.query_count""")
                .execute(Tuple.of(config.queryGrace().toMillis(), config.batch(), config.perChannel()))
                .map(rows -> {
                    List<Uni<?>> sends = new ArrayList<>();
                    for (Row row : rows) {
                        QueryRequest q = new QueryRequest(row.getString("id"), row.getString("payment_id"),
                                row.getString("merchant_id"), row.getString("channel_code"), row.getString("account_no"),
                                row.getInteger("query_count"));
                        LOG.warnf("sweeper: query %d of attempt %s (payment %s) is overdue; sending it again (reason QUERY_OVERDUE)",
                                q.step(), q.attemptId(), q.paymentId());
                        sends.add(queries.publish(q, Duration.ZERO));
                    }
                    return sends;
                });
    }
}
