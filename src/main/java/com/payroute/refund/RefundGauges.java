package com.payroute.refund;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.payment.GaugeConfig;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Refund gauges counted in PostgreSQL (the same value on every replica: alert on max): refunds not
 * terminal, those older than {@code payroute.metrics.overdue-after} (stuck, alert
 * PayrouteRefundsNotTerminal) and those flagged for ops.
 */
@Startup
@ApplicationScoped
public class RefundGauges {

    private final Pool pool;
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong overdue = new AtomicLong();
    private final AtomicLong flagged = new AtomicLong();
    private final Duration overdueAfter;

    RefundGauges(Pool pool, MeterRegistry registry, GaugeConfig config) {
        this.pool = pool;
        this.overdueAfter = config.overdueAfter();
        Gauge.builder("payroute.refunds.open", open, AtomicLong::get).description("Refunds not terminal").register(registry);
        Gauge.builder("payroute.refunds.overdue", overdue, AtomicLong::get)
                .description("Refunds not terminal longer than payroute.metrics.overdue-after").register(registry);
        Gauge.builder("payroute.refunds.flagged", flagged, AtomicLong::get)
                .description("Refunds flagged for ops and not terminal").register(registry);
    }

    @Scheduled(every = "${payroute.metrics.interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pool.preparedQuery("""
                select count(*) as open,
                       count(*) filter (where created_at < now() - $1 * interval '1 millisecond') as overdue,
                       count(*) filter (where flagged_at is not null) as flagged
                from refund where status not in ('SUCCEEDED', 'FAILED')""")
                .execute(Tuple.of(overdueAfter.toMillis()))
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    open.set(row.getLong("open"));
                    overdue.set(row.getLong("overdue"));
                    flagged.set(row.getLong("flagged"));
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }
}
