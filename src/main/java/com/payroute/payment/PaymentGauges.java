package com.payroute.payment;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Gauges counted in PostgreSQL every few seconds (the same value on every replica: alert on max,
 * not sum): payments still PROCESSING, those older than {@code payroute.metrics.overdue-after},
 * those flagged for ops, payouts on hold, and dead callbacks.
 */
@Startup // the gauges exist from the first scrape, before their first count
@ApplicationScoped
public class PaymentGauges {

    private final Pool pool;
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong overdue = new AtomicLong();
    private final AtomicLong flagged = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong deadCallbacks = new AtomicLong();
    private final Duration overdueAfter;

    PaymentGauges(Pool pool, MeterRegistry registry, GaugeConfig config) {
        this.pool = pool;
        this.overdueAfter = config.overdueAfter();
        Gauge.builder("payroute.payments.open", open, AtomicLong::get).description("Payments PROCESSING").register(registry);
        Gauge.builder("payroute.payments.overdue", overdue, AtomicLong::get)
                .description("Payments PROCESSING longer than payroute.metrics.overdue-after").register(registry);
        Gauge.builder("payroute.payments.flagged", flagged, AtomicLong::get)
                .description("Payments flagged for ops and not terminal").register(registry);
        Gauge.builder("payroute.payments.held", held, AtomicLong::get)
                .description("Payouts ON_HOLD, waiting for their review").register(registry);
        Gauge.builder("payroute.callbacks.dead", deadCallbacks, AtomicLong::get).description("Dead callbacks").register(registry);
    }

    @Scheduled(every = "${payroute.metrics.interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pool.preparedQuery("""
                select (select count(*) from payment where status = 'PROCESSING') as open,
                       (select count(*) from payment where status = 'PROCESSING' and created_at < now() - $1 * interval '1 millisecond') as overdue,
                       (select count(*) from payment where status = 'PROCESSING' and flagged_at is not null) as flagged,
                       (select count(*) from payment where status = 'ON_HOLD') as held,
                       (select count(*) from notification where status = 'DEAD') as dead""")
                .execute(Tuple.of(overdueAfter.toMillis()))
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    open.set(row.getLong("open"));
                    overdue.set(row.getLong("overdue"));
                    flagged.set(row.getLong("flagged"));
                    held.set(row.getLong("held"));
                    deadCallbacks.set(row.getLong("dead"));
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }
}
