package com.payroute.sweeper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Carries on whatever a crash, a lost message or a dead worker left behind (DESIGN.md's janitor,
 * the "re-query and repair" job done continuously), through the {@link SweepTask}s of the packages
 * that own the state: stale ROUTED attempts published again, lost submissions queried, overdue
 * queries and callbacks sent again, overdue payments flagged, and so on. One replica at a time:
 * each sweep runs in a transaction holding a PostgreSQL advisory lock. Every repair is idempotent
 * (consumers ignore what is no longer in the expected state), logged with its reason by its task,
 * and what it sends is published only after the sweep's transaction committed.
 */
@ApplicationScoped
public class Sweeper {

    private static final Logger LOG = Logger.getLogger(Sweeper.class);
    /** Advisory lock key: "payroute sweeper". */
    private static final long LOCK = 0x7061_7972_6f75_7465L;

    /** What one sweep did: repairs per action; leader false when another replica held the lock. */
    public record Sweep(Map<String, Integer> repairs, boolean leader) {
        public int actions() {
            return repairs.values().stream().mapToInt(Integer::intValue).sum();
        }

        public int of(String action) {
            return repairs.getOrDefault(action, 0);
        }
    }

    private record Found(String action, List<Uni<?>> sends) {
    }

    private final Pool pool;
    private final List<SweepTask> tasks;
    private final MeterRegistry meters;

    Sweeper(Pool pool, Instance<SweepTask> tasks, MeterRegistry meters) {
        this.pool = pool;
        this.tasks = tasks.stream().toList();
        this.meters = meters;
        for (SweepTask task : this.tasks) {
            meters.counter("payroute.sweeper.actions", "action", task.action()); // exposed from the start, for the alerts
        }
    }

    @Scheduled(every = "${payroute.sweeper.interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return sweep().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("sweep failed: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    public Uni<Sweep> sweep() {
        return pool.withTransaction(conn -> conn.preparedQuery("select pg_try_advisory_xact_lock($1)").execute(Tuple.of(LOCK))
                .chain(rows -> rows.iterator().next().getBoolean(0) ? collect(conn) : Uni.createFrom().<List<Found>>nullItem()))
                .chain(found -> found == null ? Uni.createFrom().item(new Sweep(Map.of(), false)) : send(found));
    }

    private Uni<List<Found>> collect(SqlConnection conn) {
        List<Found> found = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (SweepTask task : tasks) {
            chain = chain.chain(() -> task.sweep(conn).invoke(sends -> found.add(new Found(task.action(), sends)))).replaceWithVoid();
        }
        return chain.replaceWith(found);
    }

    private Uni<Sweep> send(List<Found> found) {
        Map<String, Integer> repairs = new LinkedHashMap<>();
        List<Uni<?>> sends = new ArrayList<>();
        for (Found f : found) {
            repairs.put(f.action(), f.sends().size());
            if (!f.sends().isEmpty()) {
                meters.counter("payroute.sweeper.actions", "action", f.action()).increment(f.sends().size());
            }
            sends.addAll(f.sends());
        }
        if (sends.isEmpty()) {
            return Uni.createFrom().item(new Sweep(repairs, true));
        }
        return Multi.createFrom().iterable(sends).onItem().transformToUniAndConcatenate(send -> send)
                .collect().last()
                .replaceWith(new Sweep(repairs, true));
    }
}
