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

/** Sweep: a payment still PROCESSING past {@code payroute.sweeper.processing-deadline} is flagged for ops (once). */
@ApplicationScoped
public class OverduePayments implements SweepTask {

    private static final Logger LOG = Logger.getLogger(OverduePayments.class);

    private final SweeperConfig config;

    OverduePayments(SweeperConfig config) {
        this.config = config;
    }

    @Override
    public String action() {
        return "flagged";
    }

    @Override
    public Uni<List<Uni<?>>> sweep(SqlConnection conn) {
        return conn.preparedQuery("update payment set flagged_at = now(), flag_reason = 'PROCESSING_PAST_DEADLINE' "
                + "where id in (select id from payment where status = 'PROCESSING' and flagged_at is null "
                + "and created_at < now() - $1 * interval '1 millisecond' limit $2) returning id")
                .execute(Tuple.of(config.processingDeadline().toMillis(), config.batch()))
                .map(rows -> {
                    List<Uni<?>> flagged = new ArrayList<>();
                    for (Row row : rows) {
                        LOG.errorf("sweeper: payment %s still PROCESSING after %s; flagged for ops (reason PROCESSING_PAST_DEADLINE)",
                                row.getString("id"), config.processingDeadline());
                        flagged.add(Uni.createFrom().voidItem());
                    }
                    return flagged;
                });
    }
}
