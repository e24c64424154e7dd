package com.payroute.payment;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Lets a request with {@code Prefer: wait=N} sleep until its payment is terminal. A payment this
 * replica's workers end wakes its waiters here as soon as the transaction committed; one ended
 * anywhere else (another replica, a review, reconciliation) is found by a single read of every
 * waited-for payment each {@link #CHECK_EVERY}, made only while someone waits. If that read fails,
 * waiters time out and read the payment again: slower, never wrong.
 *
 * <p>No NOTIFY: PostgreSQL serialises the commits of every transaction that sends one behind a
 * single lock held through the commit's flush, which capped the worker path at one settlement per
 * fsync (bench/run.sh: commits waiting on {@code Lock:object}).
 */
@ApplicationScoped
public class TerminalWaiter {

    static final Duration CHECK_EVERY = Duration.ofMillis(100);
    private static final Logger LOG = Logger.getLogger(TerminalWaiter.class);

    private final Vertx vertx;
    private final Pool pool;
    private final Map<String, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();
    private final AtomicBoolean checking = new AtomicBoolean();
    private long timer = -1;

    TerminalWaiter(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(CHECK_EVERY.toMillis(), id -> check());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * Registers interest before the caller re-reads the payment, so a completion between the
     * read and the wait is not missed; completes on terminal or after {@code max}.
     */
    public Waiting register(String paymentId) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiters.computeIfAbsent(paymentId, id -> ConcurrentHashMap.newKeySet()).add(done);
        return new Waiting(paymentId, done);
    }

    /** This replica committed the end of the payment: its waiters here need not wait for the next read. */
    public void ended(String paymentId) {
        Set<CompletableFuture<Void>> waiting = waiters.remove(paymentId);
        if (waiting != null) {
            waiting.forEach(f -> f.complete(null));
        }
    }

    public final class Waiting {
        private final String paymentId;
        private final CompletableFuture<Void> done;

        private Waiting(String paymentId, CompletableFuture<Void> done) {
            this.paymentId = paymentId;
            this.done = done;
        }

        public Uni<Void> await(Duration max) {
            return Uni.createFrom().completionStage(done)
                    .ifNoItem().after(max).recoverWithItem((Void) null)
                    .onTermination().invoke(this::cancel);
        }

        public void cancel() {
            waiters.computeIfPresent(paymentId, (id, set) -> {
                set.remove(done);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** One read for every payment waited for here; one at a time. */
    void check() {
        if (waiters.isEmpty() || !checking.compareAndSet(false, true)) {
            return;
        }
        String[] ids = waiters.keySet().toArray(String[]::new);
        pool.preparedQuery("select id from payment where id = any($1) and status in ('SUCCEEDED', 'FAILED')")
                .execute(Tuple.of(ids))
                .subscribe().with(rows -> {
                    rows.forEach(row -> ended(row.getString("id")));
                    checking.set(false);
                }, failure -> {
                    LOG.debugf("waited-for payments not read (%s): waiters fall back to their timeout", failure.toString());
                    checking.set(false);
                });
    }
}
