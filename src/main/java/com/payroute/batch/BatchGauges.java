package com.payroute.batch;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Batches not COMPLETED (and those past their deadline: 未回盘, alert PayrouteBatchOverdue), counted in
 * PostgreSQL: the same value on every replica, alert on max.
 */
@Startup
@ApplicationScoped
public class BatchGauges {

    private final Pool pool;
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong overdue = new AtomicLong();

    BatchGauges(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        Gauge.builder("payroute.batches.open", open, AtomicLong::get).description("Batches not COMPLETED").register(registry);
        Gauge.builder("payroute.batches.overdue", overdue, AtomicLong::get)
                .description("Batches not COMPLETED by their deadline").register(registry);
    }

    @Scheduled(every = "${payroute.metrics.interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pool.query("select count(*) as open, count(*) filter (where deadline_at < now()) as overdue "
                + "from batch where status = 'PROCESSING'").execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    open.set(row.getLong("open"));
                    overdue.set(row.getLong("overdue"));
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }
}
