package com.payroute.payment;

import com.payroute.api.Ids;
import com.payroute.database.StatementGroups;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.channel.CallOutcome;
import com.payroute.channel.ChannelAccount;
import com.payroute.channel.ChannelConfig;
import com.payroute.channel.NotFoundRule;
import com.payroute.money.PaymentType;
import com.payroute.notify.CallbackDue;
import com.payroute.routing.RouteDecision;
import com.payroute.routing.RouteRequest;
import com.payroute.routing.Router;
import com.payroute.routing.RoutingConfig;
import com.payroute.security.AccountNumberMask;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Every state change of payments and attempts, each one a conditional UPDATE from the states
 * it may leave ({@code ... WHERE id = $1 AND status = ANY($n)}): a statement that matches no row
 * means another worker or an earlier delivery got there first, and nothing changes. Entities
 * are never loaded and saved back. Terminal states are never left.
 *
 * <p>A claim records the config the call is made with (account, timeouts, deadline, not-found
 * grace and confirmation); every later decision about that call reads those columns, never the
 * channel's current config, which ops may have changed since.
 */
@ApplicationScoped
public class PaymentTransitions {

    private static final Logger LOG = Logger.getLogger(PaymentTransitions.class);

    public static final String DECLINED = "DECLINED";
    public static final String NO_CHANNEL_AVAILABLE = "NO_CHANNEL_AVAILABLE";
    /** An order the channel acknowledged and later claims not to know: ops must look. */
    public static final String NOT_FOUND_AFTER_ACKNOWLEDGED = "NOT_FOUND_AFTER_ACKNOWLEDGED";

    static final String CLAIMED_COLUMNS = "a.id as attempt_id, a.seq, a.channel_code, a.account_no, p.id as payment_id, "
            + "p.merchant_id, p.type, p.amount, p.currency, p.bank_code, p.account_cipher, p.holder_name, p.batch_id";

    /**
     * Every parameter of it has one type PostgreSQL can tell from the text alone: the client caches (prepares
     * once per connection) only such statements. With one used both as integer and as bigint, each claim was
     * parsed twice, after an error, and planned on every call (bench/run.sh: plans = calls). The state it
     * leaves is a parameter too: see {@link #AWAITING_QUERY}.
     */
    static final String CLAIM = "update attempt a set status = 'SUBMITTING', submitted_at = now(), account_no = $2, "
            + "connect_timeout_ms = $3, timeout_ms = $4, deadline_at = now() + $5::bigint * interval '1 millisecond', "
            + "not_found_grace_ms = $6, not_found_confirm_ms = $7, accounting_day = $8, updated_at = now() "
            + "from payment p where a.id = $1 and a.status = $9 and p.id = a.payment_id returning " + CLAIMED_COLUMNS;

    /**
     * The states a query may find an attempt in, passed as a parameter rather than written into the
     * statements that change one attempt: a plan cached for every later call (made while the table was
     * small, or while few attempts were open) may otherwise read the whole partial index of that state
     * (attempt_query_due_idx, attempt_routed_idx) instead of the primary key, so that each call costs
     * more the more attempts wait (the claim read 233 buffers a call in bench/run.sh).
     */
    private static final String[] AWAITING_QUERY = names(AttemptStatus.AWAITING_QUERY);

    /** What a query's 404 established under the not-found rule of API.md section 2. */
    public record NotFoundVerdict(Settlement proven, boolean acknowledged) {
    }

    private final Pool pool;
    private final Router router;
    private final RoutingConfig routing;
    private final TerminalHooks terminalHooks;
    private final MeterRegistry meters;
    private final java.time.Clock clock;
    private final StatementGroups grouped;

    PaymentTransitions(Pool pool, Router router, RoutingConfig routing, TerminalHooks terminalHooks, MeterRegistry meters,
            java.time.Clock clock, StatementGroups grouped) {
        this.clock = clock;
        this.grouped = grouped;
        this.pool = pool;
        this.router = router;
        this.routing = routing;
        this.terminalHooks = terminalHooks;
        this.meters = meters;
    }

    /**
     * ROUTED → SUBMITTING, recording the account and the config of the call about to be made, and the
     * channel's accounting day it belongs to (sent after the cut-off: the next day).
     * Empty when the attempt was not ROUTED: a duplicate or stale message.
     */
    public Uni<Optional<ClaimedAttempt>> claim(String attemptId, ChannelConfig channel, ChannelAccount account) {
        return grouped.execute(CLAIM, Tuple.tuple().addString(attemptId).addString(account.accountNo())
                        .addInteger(channel.connectTimeoutMs()).addInteger(channel.timeoutMs()).addLong(channel.callDeadlineMs())
                        .addInteger(channel.notFoundGraceMs()).addInteger(channel.notFoundConfirmMs())
                        .addLocalDate(channel.accountingDay(clock.instant())).addString(AttemptStatus.ROUTED.name()))
                .map(PaymentTransitions::first);
    }

    /**
     * Takes query step {@code step} of an open attempt: only one holder of the step's message
     * gets it (query_count moves from step to step + 1), so duplicate or re-sent query messages
     * never start a second schedule. Until the outcome is written the next query is due after
     * {@code lease}, so a worker that dies here is noticed by the sweeper.
     */
    public Uni<Optional<ClaimedAttempt>> claimQueryStep(String attemptId, int step, Duration lease) {
        return pool.preparedQuery("update attempt a set query_count = query_count + 1, last_query_at = now(), "
                + "next_query_at = now() + $3 * interval '1 millisecond', updated_at = now() from payment p "
                + "where a.id = $1 and a.query_count = $2 and a.status = any($4) and p.id = a.payment_id "
                + "returning " + CLAIMED_COLUMNS)
                .execute(Tuple.tuple().addString(attemptId).addInteger(step).addLong(lease.toMillis()).addArrayOfString(AWAITING_QUERY))
                .map(PaymentTransitions::first);
    }

    /**
     * The channel gave no final answer to query step {@code stepsTaken - 1}: the next one is due in
     * {@code delay}. {@code acknowledged}: the channel said it has the order (UNKNOWN → PROCESSING),
     * so it can never be "not taken" any more.
     */
    public Uni<Boolean> awaitNextQuery(String attemptId, int stepsTaken, Duration delay, boolean acknowledged) {
        return pool.preparedQuery("update attempt set next_query_at = now() + $3 * interval '1 millisecond', "
                + "status = case when $4 then 'PROCESSING' else status end, "
                + "acknowledged_at = case when $4 then coalesce(acknowledged_at, now()) else acknowledged_at end, "
                + "updated_at = now() where id = $1 and query_count = $2 and status = any($5)")
                .execute(Tuple.tuple().addString(attemptId).addInteger(stepsTaken).addLong(delay.toMillis()).addBoolean(acknowledged)
                        .addArrayOfString(AWAITING_QUERY))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * The query schedule is exhausted and the channel still has no final answer: the attempt
     * stays open (it may hold money; it is never re-sent) and the payment is flagged for ops.
     */
    public Uni<Boolean> exhaustQueries(ClaimedAttempt attempt, int stepsTaken, boolean acknowledged) {
        return pool.withTransaction(conn -> conn.preparedQuery("update attempt set next_query_at = null, "
                + "status = case when $3 then 'PROCESSING' else status end, "
                + "acknowledged_at = case when $3 then coalesce(acknowledged_at, now()) else acknowledged_at end, "
                + "updated_at = now() where id = $1 and query_count = $2 and status = any($4)")
                .execute(Tuple.tuple().addString(attempt.attemptId()).addInteger(stepsTaken).addBoolean(acknowledged)
                        .addArrayOfString(AWAITING_QUERY))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : flag(conn, attempt.paymentId(), "QUERY_SCHEDULE_EXHAUSTED").replaceWith(true)));
    }

    /**
     * The channel answered 404 to query step {@code stepsTaken - 1}. The rule of API.md section 2,
     * on the config recorded when the call was made: the attempt is NOT_TAKEN (and the payment goes
     * to the next channel) only if the channel never acknowledged it, this query was sent after the
     * grace period (counted from the submission's deadline) and at least the confirmation interval
     * after an earlier such 404. Otherwise the 404 is noted: the first one after the grace period
     * starts the confirmation interval; one after an acknowledgement flags the payment for ops.
     */
    public Uni<NotFoundVerdict> notFound(ClaimedAttempt attempt, int stepsTaken) {
        return pool.withTransaction(conn -> conn.preparedQuery("update attempt set status = 'NOT_TAKEN', "
                + "outcome_code = 'ORDER_NOT_FOUND', outcome_message = 'not found after the grace period, confirmed by a later query', "
                + "http_status = 404, finished_at = now(), next_query_at = null, updated_at = now() "
                + "where id = $1 and query_count = $2 and status = any($3) and " + NotFoundRule.PROVEN)
                .execute(Tuple.tuple().addString(attempt.attemptId()).addInteger(stepsTaken).addArrayOfString(AWAITING_QUERY))
                .chain(proven -> proven.rowCount() == 1
                        ? routeElsewhere(conn, attempt, "ORDER_NOT_FOUND").map(settlement -> new NotFoundVerdict(settlement, false))
                        : noteNotFound(conn, attempt, stepsTaken)));
    }

    private Uni<NotFoundVerdict> noteNotFound(SqlConnection conn, ClaimedAttempt attempt, int stepsTaken) {
        return conn.preparedQuery("update attempt set not_found_since = " + NotFoundRule.NOTE_SINCE + ", updated_at = now() "
                + "where id = $1 and query_count = $2 and status = any($3) "
                + "returning acknowledged_at is not null as acknowledged")
                .execute(Tuple.tuple().addString(attempt.attemptId()).addInteger(stepsTaken).addArrayOfString(AWAITING_QUERY))
                .chain(rows -> {
                    boolean acknowledged = rows.rowCount() == 1 && rows.iterator().next().getBoolean("acknowledged");
                    Uni<Void> flagged = acknowledged ? flag(conn, attempt.paymentId(), NOT_FOUND_AFTER_ACKNOWLEDGED)
                            : Uni.createFrom().voidItem();
                    return flagged.replaceWith(new NotFoundVerdict(null, acknowledged));
                });
    }

    /**
     * SUBMITTING attempts past their own recorded deadline plus {@code margin}: their worker cannot
     * still be waiting for the channel, so the call may or may not have happened. They become
     * UNKNOWN with a query due now, and are returned for their queries to be sent.
     */
    public Uni<List<ClaimedAttempt>> abandonLostSubmissions(SqlConnection conn, Duration margin, int batch) {
        return conn.preparedQuery("update attempt a set status = 'UNKNOWN', outcome_code = 'WORKER_LOST', "
                + "outcome_message = 'no outcome recorded for the call: to be queried', next_query_at = now(), updated_at = now() "
                + "from payment p where a.id in (select x.id from attempt x where x.status = 'SUBMITTING' "
                + "  and x.deadline_at < now() - $1 * interval '1 millisecond' "
                + "  order by x.deadline_at limit $2 for update of x skip locked) "
                + "and a.status = 'SUBMITTING' and p.id = a.payment_id returning " + CLAIMED_COLUMNS)
                .execute(Tuple.of(margin.toMillis(), batch))
                .map(rows -> {
                    List<ClaimedAttempt> lost = new ArrayList<>();
                    rows.forEach(row -> lost.add(claimed(row)));
                    return lost;
                });
    }

    /** Marks a payment for ops attention (once); changes no state. */
    public Uni<Void> flag(SqlConnection conn, String paymentId, String reason) {
        return conn.preparedQuery("update payment set flagged_at = now(), flag_reason = $2 where id = $1 and flagged_at is null")
                .execute(Tuple.of(paymentId, reason)).replaceWithVoid();
    }

    /** An attempt with its payment's data, whatever its state (for queries and the sweeper). */
    public Uni<Optional<ClaimedAttempt>> load(String attemptId) {
        return pool.preparedQuery("select " + CLAIMED_COLUMNS + " from attempt a join payment p on p.id = a.payment_id where a.id = $1")
                .execute(Tuple.of(attemptId))
                .map(PaymentTransitions::first);
    }

    /**
     * Records what a channel call established, in one transaction, if the attempt is still in
     * one of {@code from}: SUCCEEDED/FAILED end attempt and payment; PROCESSING and AMBIGUOUS
     * leave the attempt open, its first query due in {@code firstQueryIn}; NOT_TAKEN closes it
     * and routes the payment to the next channel (or fails the payment, nothing having been
     * charged, when none is left). An acknowledgement (PROCESSING, 409) is recorded for good.
     */
    public Uni<Settlement> settle(ClaimedAttempt attempt, Set<AttemptStatus> from, CallOutcome outcome, Duration firstQueryIn) {
        AttemptStatus to = switch (outcome.kind()) {
            case SUCCEEDED -> AttemptStatus.SUCCEEDED;
            case FAILED -> AttemptStatus.FAILED;
            case PROCESSING -> AttemptStatus.PROCESSING;
            case AMBIGUOUS, NOT_FOUND -> AttemptStatus.UNKNOWN;
            case NOT_TAKEN -> AttemptStatus.NOT_TAKEN;
        };
        if (attempt.batchId() == null && (to == AttemptStatus.SUCCEEDED || to == AttemptStatus.FAILED)) {
            return end(attempt, from, to, outcome);
        }
        return pool.withTransaction(conn -> moveAttempt(conn, attempt.attemptId(), from, to, outcome, firstQueryIn)
                .chain(moved -> {
                    if (!moved) {
                        return Uni.createFrom().item(Settlement.NOT_APPLIED);
                    }
                    return switch (outcome.kind()) {
                        case SUCCEEDED -> complete(conn, attempt.paymentId(), PaymentStatus.SUCCEEDED, null, null);
                        case FAILED -> complete(conn, attempt.paymentId(), PaymentStatus.FAILED, DECLINED, declineMessage(outcome));
                        case PROCESSING, AMBIGUOUS, NOT_FOUND -> Uni.createFrom().item(Settlement.AWAITING_QUERY);
                        case NOT_TAKEN -> routeElsewhere(conn, attempt, outcome.code());
                    };
                }));
    }

    /**
     * The attempt and its payment (outside a batch) end in ONE statement, which commits on its own: the
     * attempt's move, the payment's, and the callback's outbox row, as {@link #complete} and
     * {@link TerminalHooks} do in a transaction of five round trips, the most common settlement there is.
     */
    static final String END = """
            with moved as (
                update attempt set status = $2, outcome_code = $3, outcome_message = $4, http_status = coalesce($5, http_status),
                    latency_ms = coalesce($6, latency_ms), finished_at = now(), next_query_at = null,
                    acknowledged_at = case when $8 then coalesce(acknowledged_at, now()) else acknowledged_at end, updated_at = now()
                where id = $1 and status = any($7)
                returning payment_id
            ), ended as (
                update payment set status = $9, failure_code = $10, failure_message = $11, route_at = null,
                    completed_at = now(), updated_at = now()
                where id = (select payment_id from moved) and status = $14
                returning id, merchant_id, notify_url
            ), callback as (
                insert into notification (event_id, event_type, object_id, payment_id, merchant_id, url, status, attempts,
                    next_attempt_at, created_at, updated_at)
                select $12, $13, id, id, merchant_id, notify_url, 'PENDING', 0, now(), now(), now()
                from ended where notify_url is not null
                on conflict (object_id, event_type) do nothing
                returning event_id, merchant_id
            )
            select exists (select 1 from moved) as moved, (select id from ended) as ended,
                (select event_id from callback) as event_id, (select merchant_id from callback) as merchant_id
            """;

    private Uni<Settlement> end(ClaimedAttempt attempt, Set<AttemptStatus> from, AttemptStatus to, CallOutcome outcome) {
        PaymentStatus status = to == AttemptStatus.SUCCEEDED ? PaymentStatus.SUCCEEDED : PaymentStatus.FAILED;
        return grouped.execute(END, outcome.recordedAs(attempt.attemptId(), to.name())
                        .addArrayOfString(names(from))
                        .addBoolean(outcome.acknowledges())
                        .addString(status.name())
                        .addString(status == PaymentStatus.FAILED ? DECLINED : null)
                        .addString(status == PaymentStatus.FAILED ? declineMessage(outcome) : null)
                        .addString(Ids.event())
                        .addString(PaymentEvents.type(status))
                        .addString(PaymentStatus.PROCESSING.name()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (!row.getBoolean("moved")) {
                        return Settlement.NOT_APPLIED;
                    }
                    if (row.getString("ended") == null) {
                        LOG.errorf("payment %s was no longer %s when it was to end %s: needs ops attention", attempt.paymentId(),
                                PaymentStatus.PROCESSING, status);
                        return Settlement.INCONSISTENT;
                    }
                    meters.counter("payroute.payments", "status", status.name()).increment();
                    String event = row.getString("event_id");
                    return Settlement.terminal(status, event == null ? List.of() : List.of(new CallbackDue(event, row.getString("merchant_id"))));
                });
    }

    private Uni<Boolean> moveAttempt(SqlConnection conn, String attemptId, Set<AttemptStatus> from, AttemptStatus to,
            CallOutcome outcome, Duration firstQueryIn) {
        boolean closing = !AttemptStatus.OPEN.contains(to);
        return conn.preparedQuery("update attempt set status = $2, outcome_code = $3, outcome_message = $4, "
                + "http_status = coalesce($5, http_status), latency_ms = coalesce($6, latency_ms), "
                + "finished_at = case when $7 then now() else finished_at end, "
                + "next_query_at = case when $7 then null else coalesce(next_query_at, now() + $9 * interval '1 millisecond') end, "
                + "acknowledged_at = case when $10 then coalesce(acknowledged_at, now()) else acknowledged_at end, "
                + "updated_at = now() where id = $1 and status = any($8)")
                .execute(outcome.recordedAs(attemptId, to.name())
                        .addBoolean(closing)
                        .addArrayOfString(names(from))
                        .addLong(firstQueryIn.toMillis())
                        .addBoolean(outcome.acknowledges()))
                .map(rows -> rows.rowCount() == 1);
    }

    private Uni<Settlement> routeElsewhere(SqlConnection conn, ClaimedAttempt attempt, String reason) {
        return conn.preparedQuery("select channel_code, seq from attempt where payment_id = $1")
                .execute(Tuple.of(attempt.paymentId()))
                .chain(rows -> {
                    List<String> tried = new ArrayList<>();
                    int lastSeq = 0;
                    for (Row row : rows) {
                        tried.add(row.getString("channel_code"));
                        lastSeq = Math.max(lastSeq, row.getInteger("seq"));
                    }
                    RouteDecision decision = lastSeq >= routing.maxAttempts() ? RouteDecision.NONE
                            : router.decide(new RouteRequest(attempt.merchantId(), attempt.type(), attempt.currency(),
                                    attempt.bankCode(), attempt.amount(), tried));
                    Optional<ChannelConfig> next = decision.channel();
                    if (decision.waits()) {
                        // every other channel is outside its payout window: the payment waits for the first to open
                        return conn.preparedQuery("update payment set route_at = $2, updated_at = now() where id = $1 and status = 'PROCESSING'")
                                .execute(Tuple.of(attempt.paymentId(), decision.waitUntil().atOffset(java.time.ZoneOffset.UTC)))
                                .replaceWith(Settlement.DEFERRED);
                    }
                    if (next.isEmpty()) {
                        return complete(conn, attempt.paymentId(), PaymentStatus.FAILED, NO_CHANNEL_AVAILABLE,
                                "no channel could take the payment (last answer: " + reason + "); nothing was charged");
                    }
                    RoutedAttempt routed = attempt.routedAs(Ids.attempt(), next.get().code());
                    return conn.preparedQuery("insert into attempt (id, payment_id, seq, channel_code, merchant_id, status, "
                            + "created_at, updated_at) values ($1, $2, $3, $4, $5, 'ROUTED', now(), now())")
                            .execute(Tuple.of(routed.attemptId(), routed.paymentId(), lastSeq + 1, routed.channelCode(),
                                    routed.merchantId()))
                            .map(ignored -> Settlement.routedElsewhere(routed));
                });
    }

    /** PROCESSING → terminal; the hooks (wake waiters, write the callback) join the same transaction. */
    Uni<Settlement> complete(SqlConnection conn, String paymentId, PaymentStatus status, String failureCode,
            String failureMessage) {
        return complete(conn, paymentId, PaymentStatus.PROCESSING, status, failureCode, failureMessage);
    }

    /** {@code from} → terminal (a held payment rejected ends from ON_HOLD); hooks in the same transaction. */
    Uni<Settlement> complete(SqlConnection conn, String paymentId, PaymentStatus from, PaymentStatus status, String failureCode,
            String failureMessage) {
        return conn.preparedQuery("update payment set status = $2, failure_code = $3, failure_message = $4, route_at = null, "
                + "completed_at = now(), updated_at = now() where id = $1 and status = $5 returning batch_id, amount")
                .execute(Tuple.of(paymentId, status.name(), failureCode, failureMessage, from.name()))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        LOG.errorf("payment %s was no longer %s when it was to end %s: needs ops attention", paymentId, from, status);
                        return Uni.createFrom().item(Settlement.INCONSISTENT);
                    }
                    Row row = rows.iterator().next();
                    TerminalHooks.Moved moved = new TerminalHooks.Moved(row.getString("batch_id"), row.getBigDecimal("amount"), from, status);
                    return terminalHooks.onTerminal(conn, paymentId, moved)
                            .map(callback -> Settlement.terminal(status, callback))
                            .invoke(() -> meters.counter("payroute.payments", "status", status.name()).increment());
                });
    }

    private static String declineMessage(CallOutcome outcome) {
        String code = outcome.code() == null ? "" : outcome.code() + ": ";
        String message = outcome.message() == null ? "declined by the channel" : outcome.message();
        return AccountNumberMask.channelText(code + message);
    }


    private static String[] names(Set<AttemptStatus> statuses) {
        return statuses.stream().map(Enum::name).toArray(String[]::new);
    }

    private static Optional<ClaimedAttempt> first(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(claimed(rows.iterator().next()));
    }

    static ClaimedAttempt claimed(Row row) {
        return new ClaimedAttempt(
                row.getString("attempt_id"),
                row.getInteger("seq"),
                row.getString("channel_code"),
                row.getString("account_no"),
                row.getString("payment_id"),
                row.getString("merchant_id"),
                PaymentType.valueOf(row.getString("type")),
                row.getBigDecimal("amount"),
                row.getString("currency"),
                row.getString("bank_code"),
                row.getBuffer("account_cipher").getBytes(),
                row.getString("holder_name"),
                row.getString("batch_id"));
    }
}
