package com.payroute.reconciliation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.query.QueryQueue;
import com.payroute.query.QueryRequest;
import com.payroute.refund.RefundQueue;
import com.payroute.sweeper.SweepTask;
import com.payroute.sweeper.SweeperConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Sweep: the daily re-query (补单, DESIGN.md incident 4). An attempt or refund still open after its
 * query schedule ran out is asked about again once a day, on {@code payroute.reconciliation.daily-requery.days}
 * days, before it is left to reconciliation and ops: a late answer settles it like any query's.
 */
@ApplicationScoped
public class DailyRequeries implements SweepTask {

    private static final Logger LOG = Logger.getLogger(DailyRequeries.class);

    private final QueryQueue queries;
    private final RefundQueue refunds;
    private final ReconciliationConfig config;
    private final SweeperConfig sweeper;

    DailyRequeries(QueryQueue queries, RefundQueue refunds, ReconciliationConfig config, SweeperConfig sweeper) {
        this.queries = queries;
        this.refunds = refunds;
        this.config = config;
        this.sweeper = sweeper;
    }

    @Override
    public String action() {
        return "daily_requery";
    }

    @Override
    public Uni<List<Uni<?>>> sweep(SqlConnection conn) {
        Tuple params = Tuple.of(config.dailyRequery().every().toMillis(), config.dailyRequery().days(), sweeper.batch());
        List<Uni<?>> sends = new ArrayList<>();
        return conn.preparedQuery("""
                update attempt a set daily_requeries = daily_requeries + 1, last_query_at = now(), updated_at = now()
                where a.id in (select id from attempt where status in ('PROCESSING', 'UNKNOWN') and next_query_at is null
                    and last_query_at < now() - $1 * interval '1 millisecond' and daily_requeries < $2
                    order by last_query_at limit $3 for update skip locked)
                returning a.id, a.payment_id, a.merchant_id, a.channel_code, a.account_no, a.query_count, a.daily_requeries""")
                .execute(params)
                .invoke(rows -> rows.forEach(row -> {
                    QueryRequest query = new QueryRequest(row.getString("id"), row.getString("payment_id"), row.getString("merchant_id"),
                            row.getString("channel_code"), row.getString("account_no"), row.getInteger("query_count"));
                    log("attempt", row, query.paymentId());
                    sends.add(queries.publish(query, Duration.ZERO));
                }))
                .chain(() -> conn.preparedQuery("""
                        update refund r set daily_requeries = daily_requeries + 1, last_query_at = now(), updated_at = now()
                        where r.id in (select id from refund where status in ('PROCESSING', 'UNKNOWN') and next_query_at is null
                            and last_query_at < now() - $1 * interval '1 millisecond' and daily_requeries < $2
                            order by last_query_at limit $3 for update skip locked)
                        returning r.id, r.payment_id, r.merchant_id, r.channel_code, r.account_no, r.query_count, r.daily_requeries""")
                        .execute(params))
                .invoke(rows -> rows.forEach(row -> {
                    log("refund", row, row.getString("payment_id"));
                    sends.add(refunds.query(new RefundQueue.Query(row.getString("id"), row.getString("payment_id"),
                            row.getString("merchant_id"), row.getString("channel_code"), row.getString("account_no"),
                            row.getInteger("query_count")), Duration.ZERO));
                }))
                .replaceWith(sends);
    }

    private static void log(String object, Row row, String paymentId) {
        LOG.warnf("daily re-query %d of %s %s (payment %s) on %s: still open after its query schedule (reason DAILY_REQUERY)",
                row.getInteger("daily_requeries"), object, row.getString("id"), paymentId, row.getString("channel_code"));
    }
}
