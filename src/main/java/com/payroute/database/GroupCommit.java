package com.payroute.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;

/**
 * Group commit: small transactions of one kind that arrive together run as one. Much of what
 * PostgreSQL spends on a one-statement transaction is the transaction (and its round trips), so while
 * a transaction of a lane is running, the lane's next members wait and then go together, a bounded
 * number to a transaction, each still with its own statements and its own answer. Members that have
 * waited the patience start a further transaction beside it, up to a few at once. With nothing of
 * its lane running, a member goes at once ({@code payroute.database.group-transactions},
 * {@code group-patience}, {@code group-size}).
 *
 * <p>A member is answered only once its group's COMMIT is answered, so whoever waits for it (an HTTP
 * answer, a message's ack) still waits for its effect to be committed. A group that fails before its
 * commit (a lock timeout, a deadlock, a constraint, one member's follow-up refusing) is undone as a
 * whole and each member then runs alone, answering for itself as if there had been no group. A failed
 * COMMIT is every member's failure: whether it took effect is unknown, as for a transaction of one.
 *
 * @param <T> what one member asks to store
 * @param <R> its answer
 */
public final class GroupCommit<T, R> {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    private record Member<T, R>(T work, UniEmitter<? super R> emitter, Context context, long queuedAt) {
    }

    private static final class Lane<T, R> {
        final Queue<Member<T, R>> waiting = new ConcurrentLinkedQueue<>();
        final AtomicInteger queued = new AtomicInteger(); // the queue's size, which it does not keep itself
        final AtomicInteger running = new AtomicInteger();
        final AtomicBoolean reminded = new AtomicBoolean(); // a timer will look at the lane again
    }

    /** The commit's own failure, kept apart from failures before it. */
    private static final class CommitFailed extends RuntimeException {
        CommitFailed(Throwable cause) {
            super(cause);
        }
    }

    private final Pool pool;
    private final int transactions;
    private final int groupSize;
    private final int maxWaiting;
    private final long patienceNanos;
    private final DistributionSummary sizes;
    private final BiFunction<SqlConnection, List<T>, Uni<List<R>>> together;
    private final Function<T, Uni<R>> alone;
    private final ConcurrentHashMap<String, Lane<T, R>> lanes = new ConcurrentHashMap<>();

    /**
     * @param kind what the members are, the tag of the group sizes' meter
     * @param together the members' statements inside their transaction, answers in the members' order;
     *        subscribed right after BEGIN, so statements it sends at once leave with it (pipelined)
     * @param alone a member with no one to share a transaction with, when it needs none (one statement
     *        commits on its own); null: a transaction of one
     */
    public GroupCommit(Pool pool, DatabaseConfig config, MeterRegistry meters, String kind,
            BiFunction<SqlConnection, List<T>, Uni<List<R>>> together, Function<T, Uni<R>> alone) {
        this.pool = pool;
        this.transactions = config.groupTransactions();
        this.groupSize = config.groupSize();
        this.maxWaiting = config.maxWaitQueue();
        this.patienceNanos = config.groupPatience().toNanos();
        this.sizes = DistributionSummary.builder("payroute.database.group.size").tag("kind", kind)
                .description("members committed per transaction (group commit)").register(meters);
        this.together = together;
        this.alone = alone;
    }

    /**
     * Runs {@code work} in {@code lane}, with whatever else of that lane is waiting. Waiting members are
     * bounded like the pool's own waiters: beyond, the pool is too busy at once (a 503, a message back).
     */
    public Uni<R> submit(String lane, T work) {
        return Uni.createFrom().emitter(emitter -> {
            Lane<T, R> l = lanes.computeIfAbsent(lane, name -> new Lane<>());
            if (l.queued.incrementAndGet() > maxWaiting) {
                l.queued.decrementAndGet();
                emitter.fail(new ConnectionPoolTooBusyException(maxWaiting + " waiting for the database in " + lane));
                return;
            }
            l.waiting.add(new Member<>(work, emitter, Vertx.currentContext(), System.nanoTime()));
            drain(l);
        });
    }

    // Both sides look again after changing what the other looks at (a member queued, a transaction
    // ended), so no member is left waiting with nothing running to take it.
    private void drain(Lane<T, R> lane) {
        while (!lane.waiting.isEmpty()) {
            int running = lane.running.get();
            if (running >= transactions || running > 0 && !impatient(lane)) {
                return;
            }
            if (!lane.running.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Member<T, R>> group = new ArrayList<>();
            Member<T, R> next;
            while (group.size() < groupSize && (next = lane.waiting.poll()) != null) {
                lane.queued.decrementAndGet();
                group.add(next);
            }
            Uni<Void> ran = group.isEmpty() ? Uni.createFrom().voidItem() : run(group);
            ran.subscribe().with(done -> ended(lane), failure -> ended(lane));
        }
    }

    /**
     * Whether the lane's waiting members start a further transaction beside the running one(s) rather
     * than wait for one to end and go together after it: when a group's worth waits, or the oldest has
     * waited the patience (a slow transaction, a lock wait, does not hold the lane up longer). Waiting
     * costs a member about one transaction's time and saves a commit with its round trips and WAL
     * flush; at moderate rates most members would otherwise each start a transaction of their own.
     */
    private boolean impatient(Lane<T, R> lane) {
        Member<T, R> oldest = lane.waiting.peek();
        if (oldest == null || lane.queued.get() >= groupSize) {
            return true;
        }
        long left = patienceNanos - (System.nanoTime() - oldest.queuedAt());
        if (left <= 0) {
            return true;
        }
        if (oldest.context() == null) {
            return true; // no event loop to come back on: no waiting either
        }
        if (lane.reminded.compareAndSet(false, true)) {
            try {
                oldest.context().owner().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), id -> {
                    lane.reminded.set(false);
                    drain(lane);
                });
            } catch (RuntimeException closing) { // Vert.x shutting down takes no timer: go now rather than never
                lane.reminded.set(false);
                return true;
            }
        }
        return false;
    }

    private void ended(Lane<T, R> lane) {
        lane.running.decrementAndGet();
        drain(lane);
    }

    /** Never fails: every member hears its own outcome. */
    private Uni<Void> run(List<Member<T, R>> group) {
        sizes.record(group.size());
        if (group.size() == 1) {
            Member<T, R> member = group.get(0);
            Uni<R> stored = alone != null ? alone.apply(member.work())
                    : transaction(List.of(member.work())).map(answers -> answers.get(0));
            return stored.onItemOrFailure().invoke((answer, failure) -> answer(member, answer, unwrapped(failure)))
                    .replaceWithVoid().onFailure().recoverWithNull();
        }
        return transaction(group.stream().map(Member::work).toList())
                .invoke(answers -> {
                    for (int i = 0; i < group.size(); i++) {
                        answer(group.get(i), answers.get(i), null);
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    if (failure instanceof CommitFailed) {
                        group.forEach(member -> answer(member, null, failure.getCause()));
                        return Uni.createFrom().voidItem();
                    }
                    LOG.debugf(failure, "a group of %d failed before its commit; each member runs alone", group.size());
                    return Uni.join().all(group.stream().map(member -> run(List.of(member))).toList()).andFailFast().replaceWithVoid();
                });
    }

    private Uni<List<R>> transaction(List<T> works) {
        return pool.withConnection(conn -> Uni.combine().all().unis(conn.begin(), together.apply(conn, works)).asTuple()
                .chain(begun -> {
                    Transaction tx = begun.getItem1();
                    return tx.commit().onFailure().transform(CommitFailed::new).replaceWith(begun.getItem2());
                }));
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CommitFailed ? failure.getCause() : failure;
    }

    /** On the member's own context (its request's, its message's), as if it had run its transaction itself. */
    private static <R> void answer(Member<?, R> member, R answer, Throwable failure) {
        Runnable emit = failure == null ? () -> member.emitter().complete(answer) : () -> member.emitter().fail(failure);
        if (member.context() == null || member.context() == Vertx.currentContext()) {
            emit.run();
        } else {
            member.context().runOnContext(v -> emit.run());
        }
    }
}
