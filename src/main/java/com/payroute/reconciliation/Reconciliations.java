package com.payroute.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.api.Ids;
import com.payroute.channel.AccountingDay;
import com.payroute.channel.ChannelConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The runs, one per (channel, accounting day), and their states, each change a conditional UPDATE:
 * WAITING_FOR_STATEMENT (until it can be fetched) → RUNNING (claimed by exactly one replica) → DONE
 * or FAILED; asking again for a day that is not running sends it back to WAITING_FOR_STATEMENT, due now.
 */
@ApplicationScoped
public class Reconciliations {

    private final Pool pool;
    private final ReconciliationConfig config;

    Reconciliations(Pool pool, ReconciliationConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** The run of (channel, day), created or made due now (unless it is running); audited by the caller. */
    public Uni<ReconciliationRow> request(ChannelConfig channel, LocalDate day, String actor, boolean now) {
        Instant deadline = AccountingDay.end(day, channel.timezone(), channel.cutoff()).plus(config.statementDeadline());
        return pool.preparedQuery("insert into reconciliation (id, channel_code, day, status, deadline_at, requested_by) "
                + "values ($1, $2, $3, 'WAITING_FOR_STATEMENT', $4, $5) "
                + "on conflict (channel_code, day) do update set status = 'WAITING_FOR_STATEMENT', next_fetch_at = now(), "
                + "requested_by = excluded.requested_by, error = null where $6 and reconciliation.status <> 'RUNNING' "
                + "returning " + ReconciliationRow.COLUMNS)
                .execute(Tuple.tuple().addString(Ids.reconciliation()).addString(channel.code()).addLocalDate(day)
                        .addValue(deadline.atOffset(ZoneOffset.UTC)).addString(actor).addBoolean(now))
                .chain(rows -> rows.rowCount() > 0 ? Uni.createFrom().item(ReconciliationRow.of(rows.iterator().next()))
                        : find(channel.code(), day).map(Optional::orElseThrow));
    }

    /** Takes a due run (or one whose replica died while running): only one replica gets it. */
    Uni<Optional<ReconciliationRow>> claim(String id) {
        return pool.preparedQuery("update reconciliation set status = 'RUNNING', started_at = now(), finished_at = null, "
                + "fetches = fetches + 1 where id = $1 and ((status = 'WAITING_FOR_STATEMENT' and next_fetch_at <= now()) "
                + "or (status = 'RUNNING' and started_at < now() - $2 * interval '1 millisecond')) returning " + ReconciliationRow.COLUMNS)
                .execute(Tuple.of(id, config.staleRun().toMillis()))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(ReconciliationRow.of(rows.iterator().next())));
    }

    /** The channel answered 404: asked again after the retry interval. */
    Uni<Void> notReady(String id) {
        return pool.preparedQuery("update reconciliation set status = 'WAITING_FOR_STATEMENT', "
                + "next_fetch_at = now() + $2 * interval '1 millisecond' where id = $1 and status = 'RUNNING'")
                .execute(Tuple.of(id, config.fetchRetry().toMillis())).replaceWithVoid();
    }

    Uni<Void> failed(String id, String error) {
        return pool.preparedQuery("update reconciliation set status = 'FAILED', error = $2, finished_at = now(), "
                + "next_fetch_at = now() + $3 * interval '1 millisecond' where id = $1 and status = 'RUNNING'")
                .execute(Tuple.of(id, error, config.fetchRetry().toMillis())).replaceWithVoid();
    }

    /** Runs due now: waiting with their fetch due, or running on a replica that died. */
    Uni<List<String>> due() {
        return pool.preparedQuery("select id from reconciliation where (status = 'WAITING_FOR_STATEMENT' and next_fetch_at <= now()) "
                + "or (status = 'RUNNING' and started_at < now() - $1 * interval '1 millisecond') order by next_fetch_at limit 100")
                .execute(Tuple.of(config.staleRun().toMillis()))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString("id")));
                    return ids;
                });
    }

    public Uni<Optional<ReconciliationRow>> find(String id) {
        return pool.preparedQuery("select " + ReconciliationRow.COLUMNS + " from reconciliation where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(ReconciliationRow.of(rows.iterator().next())));
    }

    Uni<Optional<ReconciliationRow>> find(String channel, LocalDate day) {
        return pool.preparedQuery("select " + ReconciliationRow.COLUMNS + " from reconciliation where channel_code = $1 and day = $2")
                .execute(Tuple.of(channel, day))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(ReconciliationRow.of(rows.iterator().next())));
    }

    /** Newest day first; null filters do not filter. */
    public Uni<List<ReconciliationRow>> list(String channel, LocalDate day, int limit) {
        return pool.preparedQuery("select " + ReconciliationRow.COLUMNS + " from reconciliation where ($1::text is null or channel_code = $1) "
                + "and ($2::date is null or day = $2) order by day desc, channel_code limit $3")
                .execute(Tuple.of(channel, day, limit))
                .map(rows -> {
                    List<ReconciliationRow> found = new ArrayList<>();
                    rows.forEach(row -> found.add(ReconciliationRow.of(row)));
                    return found;
                });
    }

    static JsonObject emptyCounts() {
        JsonObject counts = new JsonObject();
        for (String kind : Comparison.KINDS) {
            counts.put(kind, 0);
        }
        return counts;
    }
}
