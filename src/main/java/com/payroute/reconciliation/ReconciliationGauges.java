package com.payroute.reconciliation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What on-call watches of the books, counted in PostgreSQL (the same on every replica: alert on max):
 * discrepancies not resolved by channel and kind (alert ReconciliationMismatch) and statements still
 * missing past their deadline by channel (alert StatementMissing, 未回盘).
 */
@Startup
@ApplicationScoped
public class ReconciliationGauges {

    private final Pool pool;
    private final MeterRegistry registry;
    private final Map<Tags, AtomicLong> discrepancies = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> missing = new ConcurrentHashMap<>();

    ReconciliationGauges(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
        // exposed from the start, so the alerts' series exist before the first run
        discrepancy(Tags.of("channel", "none", "kind", "none"));
        missing("none");
    }

    @Scheduled(every = "${payroute.metrics.interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pool.query("select channel_code, kind, count(*) from discrepancy where status <> 'RESOLVED' group by channel_code, kind")
                .execute()
                .invoke(rows -> {
                    discrepancies.values().forEach(v -> v.set(0));
                    rows.forEach(row -> discrepancy(Tags.of("channel", row.getString(0), "kind", row.getString(1))).set(row.getLong(2)));
                })
                .chain(() -> pool.query("select channel_code, count(*) from reconciliation where status <> 'DONE' "
                        + "and deadline_at < now() group by channel_code").execute())
                .invoke(rows -> {
                    missing.values().forEach(v -> v.set(0));
                    rows.forEach(row -> missing(row.getString(0)).set(row.getLong(1)));
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private AtomicLong discrepancy(Tags tags) {
        return discrepancies.computeIfAbsent(tags, t -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("payroute.reconciliation.discrepancies.open", value, AtomicLong::get).tags(t)
                    .description("Discrepancies not resolved").register(registry);
            return value;
        });
    }

    private AtomicLong missing(String channel) {
        return missing.computeIfAbsent(channel, c -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("payroute.reconciliation.statements.missing", value, AtomicLong::get).tag("channel", c)
                    .description("Statements not reconciled by their deadline").register(registry);
            return value;
        });
    }

    /** For tests: count now rather than wait for the next scheduled count. */
    public Uni<Void> refreshNow() {
        return refresh();
    }
}
