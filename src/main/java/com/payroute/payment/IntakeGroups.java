package com.payroute.payment;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Stores new payments of one merchant together (group commit). Half of what PostgreSQL spends on an
 * accept is the transaction around its one insert; so while {@link IntakeConfig#transactions()} of a
 * merchant's transactions are running, its next accepts wait and then go in one transaction, each
 * insert still its own statement with its own answer. At low load every payment goes alone, at once.
 *
 * <p>Each payment's 202 still means committed: no payment's answer leaves before its group's COMMIT
 * is answered. The guard's locks of the whole group are taken first, in one statement and in one
 * order (merchants' shared locks, then look-alike keys, each ascending), so groups, single payments
 * and batches (which lock the merchant alone) never wait on each other in a circle. A group whose
 * transaction fails for any reason (a lock timeout, a deadlock on an order number sent twice at once,
 * a constraint) is undone as a whole, and each of its payments is then stored alone, answering for
 * itself as if there had been no group. Merchants have lanes of their own, so one merchant's batch
 * holding its guard never holds up another merchant's accepts.
 */
@ApplicationScoped
class IntakeGroups {

    private static final Logger LOG = Logger.getLogger(IntakeGroups.class);

    // unnest yields in array order and count() takes each row as it comes: the locks are taken in the order given
    static final String LOCKS = "select set_config('lock_timeout', $1, true), "
            + "(select count(pg_advisory_xact_lock_shared(k)) from unnest($2::int8[]) as k), "
            + "(select count(pg_advisory_xact_lock(k)) from unnest($3::int8[]) as k)";

    /** One payment to store: its guard's lock keys, the insert's parameters, and what its transaction does once it is inserted. */
    record Member(long merchantKey, long guardKey, Tuple params, BiFunction<SqlConnection, Row, Uni<Void>> then,
            UniEmitter<? super Row> emitter, Context context) {
    }

    private static final class Lane {
        final Queue<Member> waiting = new ConcurrentLinkedQueue<>();
        final AtomicInteger running = new AtomicInteger();
    }

    private final Pool pool;
    private final IntakeConfig config;
    private final DistributionSummary groupSizes;
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    IntakeGroups(Pool pool, IntakeConfig config, MeterRegistry meters) {
        this.pool = pool;
        this.config = config;
        this.groupSizes = DistributionSummary.builder("payroute.intake.group.size")
                .description("new payments stored per transaction (group commit)").register(meters);
    }

    /**
     * Stores one payment with {@link PaymentIntake#INSERT}: its row once committed. {@code then} runs in
     * the same transaction right after the insert, before the commit (a held payout's review).
     */
    Uni<Row> store(String merchantId, long merchantKey, long guardKey, Tuple params, BiFunction<SqlConnection, Row, Uni<Void>> then) {
        return Uni.createFrom().emitter(emitter -> {
            Lane lane = lanes.computeIfAbsent(merchantId, m -> new Lane());
            lane.waiting.add(new Member(merchantKey, guardKey, params, then, emitter, Vertx.currentContext()));
            drain(lane);
        });
    }

    // Both sides look again after changing what the other looks at (a payment queued, a transaction
    // ended), so no payment is left waiting with nothing running to take it.
    private void drain(Lane lane) {
        while (!lane.waiting.isEmpty()) {
            int running = lane.running.get();
            if (running >= config.transactions()) {
                return;
            }
            if (!lane.running.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Member> group = new ArrayList<>();
            Member next;
            while (group.size() < config.groupSize() && (next = lane.waiting.poll()) != null) {
                group.add(next);
            }
            Uni<Void> stored = group.isEmpty() ? Uni.createFrom().voidItem() : store(group);
            stored.subscribe().with(done -> ended(lane), failure -> ended(lane));
        }
    }

    private void ended(Lane lane) {
        lane.running.decrementAndGet();
        drain(lane);
    }

    /** Never fails: every member hears its own outcome. */
    private Uni<Void> store(List<Member> group) {
        if (group.size() == 1) {
            Member alone = group.get(0);
            return transaction(group)
                    .invoke(rows -> answer(alone, rows.get(0), null))
                    .onFailure().invoke(failure -> answer(alone, null, failure))
                    .replaceWithVoid().onFailure().recoverWithNull();
        }
        return transaction(group)
                .invoke(rows -> {
                    for (int i = 0; i < group.size(); i++) {
                        answer(group.get(i), rows.get(i), null);
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    LOG.debugf(failure, "a group of %d new payments failed; storing each alone", group.size());
                    return Uni.join().all(group.stream().map(member -> store(List.of(member))).toList()).andFailFast().replaceWithVoid();
                });
    }

    /**
     * BEGIN, the locks and the inserts leave together (the client pipelines commands on one connection)
     * and PostgreSQL runs them in that order: every insert takes its snapshot after all the group's locks
     * are granted, so it sees every look-alike committed before it, and those of its group inserted
     * before it. Only the follow-ups and the commit wait for answers. If anything fails, closing the
     * connection rolls the transaction back.
     */
    private Uni<List<Row>> transaction(List<Member> group) {
        groupSizes.record(group.size());
        Long[] merchantKeys = group.stream().map(Member::merchantKey).distinct().sorted().toArray(Long[]::new);
        Long[] guardKeys = group.stream().map(Member::guardKey).distinct().sorted().toArray(Long[]::new);
        return pool.withConnection(conn -> {
            List<Uni<?>> steps = new ArrayList<>(group.size() + 2);
            steps.add(conn.begin());
            steps.add(conn.preparedQuery(LOCKS).execute(Tuple.of(DuplicateGuard.LOCK_TIMEOUT, merchantKeys, guardKeys)));
            for (Member member : group) {
                steps.add(conn.preparedQuery(PaymentIntake.INSERT).execute(member.params()));
            }
            return Uni.combine().all().unis(steps).with(results -> results)
                    .chain(results -> {
                        Transaction tx = (Transaction) results.get(0);
                        List<Row> rows = new ArrayList<>(group.size());
                        Uni<Void> follow = Uni.createFrom().voidItem();
                        for (int i = 0; i < group.size(); i++) {
                            @SuppressWarnings("unchecked")
                            Row row = ((RowSet<Row>) results.get(i + 2)).iterator().next();
                            rows.add(row);
                            Member member = group.get(i);
                            follow = follow.chain(() -> member.then().apply(conn, row));
                        }
                        return follow.chain(tx::commit).replaceWith(rows);
                    });
        });
    }

    /** On the member's own request context, as if it had run its transaction itself. */
    private static void answer(Member member, Row row, Throwable failure) {
        Runnable emit = failure == null ? () -> member.emitter().complete(row) : () -> member.emitter().fail(failure);
        if (member.context() == null || member.context() == Vertx.currentContext()) {
            emit.run();
        } else {
            member.context().runOnContext(v -> emit.run());
        }
    }
}
