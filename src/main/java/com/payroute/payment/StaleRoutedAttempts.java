package com.payroute.payment;

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
 * Sweep: a ROUTED attempt untouched for {@code payroute.sweeper.routed-after} lost its message (or
 * its publish failed): publish it again. Oldest first, at most {@code per-channel} per channel and
 * sweep whatever the depth of that channel's queue, so a queue that is never empty cannot hide a
 * lost message; each one again only after another {@code routed-after}. The claim makes a duplicate
 * harmless.
 */
@ApplicationScoped
public class StaleRoutedAttempts implements SweepTask {

    private static final Logger LOG = Logger.getLogger(StaleRoutedAttempts.class);

    private final SubmissionQueue submissions;
    private final SweeperConfig config;

    StaleRoutedAttempts(SubmissionQueue submissions, SweeperConfig config) {
        this.submissions = submissions;
        this.config = config;
    }

    @Override
    public String action() {
        return "republished";
    }

    @Override
    public Uni<List<Uni<?>>> sweep(SqlConnection conn) {
        return conn.preparedQuery("""
                with stale as (
                    select id, row_number() over (partition by channel_code order by updated_at) as n
                    from attempt where status = 'ROUTED' and updated_at < now() - $1 * interval '1 millisecond'
                )
                update attempt a set updated_at = now()
                from (select id from stale where n <= $3 limit $2) s
                where a.id = s.id and a.status = 'ROUTED'
                returning a.id, a.payment_id, a.merchant_id, a.channel_code""")
                .execute(Tuple.of(config.routedAfter().toMillis(), config.batch(), config.perChannel()))
                .map(rows -> {
                    List<Uni<?>> sends = new ArrayList<>();
                    for (Row row : rows) {
                        RoutedAttempt a = new RoutedAttempt(row.getString("id"), row.getString("payment_id"),
                                row.getString("merchant_id"), row.getString("channel_code"));
                        LOG.warnf("sweeper: attempt %s of payment %s still ROUTED to %s; publishing it again (reason ROUTED_STALE)",
                                a.attemptId(), a.paymentId(), a.channelCode());
                        sends.add(submissions.publish(a));
                    }
                    return sends;
                });
    }
}
