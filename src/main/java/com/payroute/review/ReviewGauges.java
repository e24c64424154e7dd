package com.payroute.review;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Pending reviews by kind, and those pending longer than {@code payroute.review.overdue-after}
 * (alert PayrouteReviewsWaiting: a held payout nobody looks at is a payment that never arrives).
 */
@Startup
@ApplicationScoped
public class ReviewGauges {

    private final Pool pool;
    private final ReviewConfig config;
    private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> overdue = new ConcurrentHashMap<>();

    ReviewGauges(Pool pool, ReviewConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.config = config;
        for (String kind : new String[] { Reviews.PAYOUT_HOLD, Reviews.CHANNEL_CHANGE, Reviews.DISCREPANCY_RESOLUTION }) {
            Gauge.builder("payroute.reviews.pending", pending.computeIfAbsent(kind, k -> new AtomicLong()), AtomicLong::get)
                    .tag("kind", kind).description("Reviews waiting for decisions").register(registry);
            Gauge.builder("payroute.reviews.overdue", overdue.computeIfAbsent(kind, k -> new AtomicLong()), AtomicLong::get)
                    .tag("kind", kind).description("Reviews waiting longer than payroute.review.overdue-after").register(registry);
        }
    }

    @Scheduled(every = "${payroute.metrics.interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pool.preparedQuery("select kind, count(*) as pending, "
                + "count(*) filter (where created_at < now() - $1 * interval '1 millisecond') as overdue "
                + "from review where status = 'PENDING' group by kind")
                .execute(Tuple.of(config.overdueAfter().toMillis()))
                .invoke(rows -> {
                    pending.values().forEach(v -> v.set(0));
                    overdue.values().forEach(v -> v.set(0));
                    rows.forEach(row -> {
                        pending.computeIfAbsent(row.getString("kind"), k -> new AtomicLong()).set(row.getLong("pending"));
                        overdue.computeIfAbsent(row.getString("kind"), k -> new AtomicLong()).set(row.getLong("overdue"));
                    });
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }
}
