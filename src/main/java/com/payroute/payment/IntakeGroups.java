package com.payroute.payment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.database.DatabaseConfig;
import com.payroute.database.GroupCommit;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Stores new payments of one merchant together ({@link GroupCommit}): half of what PostgreSQL spends
 * on an accept is the transaction around its one insert. The guard's locks of the whole group are
 * taken first, in one statement and in one order (merchants' shared locks, then look-alike keys, each
 * ascending), so groups, single payments and batches (which lock their merchant alone) never wait on
 * each other in a circle. Merchants have lanes of their own, so one merchant's batch holding its guard
 * never holds up another merchant's accepts.
 */
@ApplicationScoped
class IntakeGroups {

    // unnest yields in array order and count() takes each row as it comes: the locks are taken in the order given
    static final String LOCKS = "select set_config('lock_timeout', $1, true), "
            + "(select count(pg_advisory_xact_lock_shared(k)) from unnest($2::int8[]) as k), "
            + "(select count(pg_advisory_xact_lock(k)) from unnest($3::int8[]) as k)";

    /** One payment to store: its guard's lock keys, the insert's parameters, and what its transaction does once it is inserted. */
    private record Member(long merchantKey, long guardKey, Tuple params, BiFunction<SqlConnection, Row, Uni<Void>> then) {
    }

    private final GroupCommit<Member, Row> groups;

    IntakeGroups(Pool pool, DatabaseConfig config, MeterRegistry meters) {
        this.groups = new GroupCommit<>(pool, config, meters, "payment", IntakeGroups::inserted, null);
    }

    /**
     * Stores one payment with {@link PaymentIntake#INSERT}: its row once committed. {@code then} runs in
     * the same transaction right after the insert, before the commit (a held payout's review).
     */
    Uni<Row> store(String merchantId, long merchantKey, long guardKey, Tuple params, BiFunction<SqlConnection, Row, Uni<Void>> then) {
        return groups.submit(merchantId, new Member(merchantKey, guardKey, params, then));
    }

    /**
     * The locks and the inserts leave together (the client pipelines commands on one connection) and
     * PostgreSQL runs them in that order: every insert takes its snapshot after all the group's locks
     * are granted, so it sees every look-alike committed before it, and those of its group inserted
     * before it. Only the follow-ups wait for the inserts' answers.
     */
    private static Uni<List<Row>> inserted(SqlConnection conn, List<Member> group) {
        Long[] merchantKeys = group.stream().map(Member::merchantKey).distinct().sorted().toArray(Long[]::new);
        Long[] guardKeys = group.stream().map(Member::guardKey).distinct().sorted().toArray(Long[]::new);
        List<Uni<?>> statements = new ArrayList<>(group.size() + 1);
        statements.add(conn.preparedQuery(LOCKS).execute(Tuple.of(DuplicateGuard.LOCK_TIMEOUT, merchantKeys, guardKeys)));
        for (Member member : group) {
            statements.add(conn.preparedQuery(PaymentIntake.INSERT).execute(member.params()));
        }
        return Uni.combine().all().unis(statements).with(results -> results).chain(results -> {
            List<Row> rows = new ArrayList<>(group.size());
            Uni<Void> followUps = Uni.createFrom().voidItem();
            for (int i = 0; i < group.size(); i++) {
                @SuppressWarnings("unchecked")
                Row row = ((RowSet<Row>) results.get(i + 1)).iterator().next();
                rows.add(row);
                Member member = group.get(i);
                followUps = followUps.chain(() -> member.then().apply(conn, row));
            }
            return followUps.replaceWith(rows);
        });
    }
}
