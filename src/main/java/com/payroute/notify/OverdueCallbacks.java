package com.payroute.notify;

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

/** Sweep: a pending callback whose next try is overdue lost its message: send that try again. */
@ApplicationScoped
public class OverdueCallbacks implements SweepTask {

    private static final Logger LOG = Logger.getLogger(OverdueCallbacks.class);

    private final CallbackQueue callbacks;
    private final SweeperConfig config;

    OverdueCallbacks(CallbackQueue callbacks, SweeperConfig config) {
        this.callbacks = callbacks;
        this.config = config;
    }

    @Override
    public String action() {
        return "callback_resent";
    }

    @Override
    public Uni<List<Uni<?>>> sweep(SqlConnection conn) {
        return conn.preparedQuery("update notification set next_attempt_at = now() + $1 * interval '1 millisecond' where event_id in ("
                + "select event_id from notification where status = 'PENDING' and next_attempt_at < now() - $1 * interval '1 millisecond' "
                + "order by next_attempt_at limit $2 for update skip locked) and status = 'PENDING' "
                + "returning event_id, merchant_id, payment_id, attempts")
                .execute(Tuple.of(config.queryGrace().toMillis(), config.batch()))
                .map(rows -> {
                    List<Uni<?>> sends = new ArrayList<>();
                    for (Row row : rows) {
                        LOG.warnf("sweeper: callback %s of payment %s (try %d) is overdue; sending it again (reason CALLBACK_OVERDUE)",
                                row.getString("event_id"), row.getString("payment_id"), row.getInteger("attempts"));
                        sends.add(callbacks.publish(new CallbackQueue.CallbackTry(row.getString("event_id"),
                                row.getString("merchant_id"), row.getInteger("attempts")), Duration.ZERO));
                    }
                    return sends;
                });
    }
}
