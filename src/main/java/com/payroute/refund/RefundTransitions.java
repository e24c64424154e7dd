package com.payroute.refund;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.channel.CallOutcome;
import com.payroute.channel.ChannelConfig;
import com.payroute.channel.NotFoundRule;
import com.payroute.notify.Outbox;
import com.payroute.security.AccountNumberMask;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Every state change of a refund after it was stored, each one a conditional UPDATE from the states
 * it may leave (see {@link RefundStatus}): zero rows means a duplicate or late message, and nothing
 * changes. A claim records the config the call is made with; every later decision about that call
 * reads those columns (the not-found rule included), never the channel's current config.
 *
 * <p>A refund that ends moves its payment's books in the same transaction: SUCCEEDED adds its amount
 * to {@code refunded_amount}, FAILED gives its reservation back ({@code refund_reserved}); the
 * payment's check constraint keeps both within what was charged.
 */
@ApplicationScoped
public class RefundTransitions {

    public static final String DECLINED = "DECLINED";
    public static final String NOT_FOUND_AFTER_ACKNOWLEDGED = "NOT_FOUND_AFTER_ACKNOWLEDGED";
    /** A parameter, not written into the statements: as payment.PaymentTransitions explains for attempts. */
    private static final String[] AWAITING_QUERY = RefundStatus.AWAITING_QUERY.stream().map(Enum::name).toArray(String[]::new);

    private final Pool pool;
    private final Outbox outbox;
    private final MeterRegistry meters;
    private final java.time.Clock clock;

    RefundTransitions(Pool pool, Outbox outbox, MeterRegistry meters, java.time.Clock clock) {
        this.clock = clock;
        this.pool = pool;
        this.outbox = outbox;
        this.meters = meters;
    }

    /**
     * ROUTED → SUBMITTING, recording the config of the call about to be made (and forgetting what the
     * queries of an earlier call proved). Empty when the refund was not ROUTED: a duplicate message.
     */
    public Uni<Optional<ClaimedRefund>> claim(String refundId, ChannelConfig channel) {
        // parameters of one type each, the state left among them: as payment.PaymentTransitions.CLAIM explains
        return pool.preparedQuery("update refund r set status = 'SUBMITTING', submissions = submissions + 1, submitted_at = now(), "
                + "connect_timeout_ms = $2, timeout_ms = $3, deadline_at = now() + $4::bigint * interval '1 millisecond', "
                + "not_found_grace_ms = $5, not_found_confirm_ms = $6, not_found_since = null, last_query_at = null, "
                + "query_count = 0, next_query_at = null, accounting_day = $7, updated_at = now() "
                + "where r.id = $1 and r.status = $8 returning " + ClaimedRefund.COLUMNS)
                .execute(Tuple.tuple().addString(refundId).addInteger(channel.connectTimeoutMs()).addInteger(channel.timeoutMs())
                        .addLong(channel.callDeadlineMs()).addInteger(channel.notFoundGraceMs()).addInteger(channel.notFoundConfirmMs())
                        .addLocalDate(channel.accountingDay(clock.instant())).addString(RefundStatus.ROUTED.name()))
                .map(RefundTransitions::first);
    }

    /** A refund with what is needed to call its channel, whatever its state (the reconciliation, the sweeper). */
    public Uni<Optional<ClaimedRefund>> load(String refundId) {
        return pool.preparedQuery("select " + ClaimedRefund.COLUMNS + " from refund r where r.id = $1").execute(Tuple.of(refundId))
                .map(RefundTransitions::first);
    }

    /** Takes query step {@code step} (only one holder of its message gets it); the next is due after {@code lease} until answered. */
    public Uni<Optional<ClaimedRefund>> claimQueryStep(String refundId, int step, Duration lease) {
        return pool.preparedQuery("update refund r set query_count = query_count + 1, last_query_at = now(), "
                + "next_query_at = now() + $3 * interval '1 millisecond', updated_at = now() "
                + "where r.id = $1 and r.query_count = $2 and r.status = any($4) returning " + ClaimedRefund.COLUMNS)
                .execute(Tuple.tuple().addString(refundId).addInteger(step).addLong(lease.toMillis()).addArrayOfString(AWAITING_QUERY))
                .map(RefundTransitions::first);
    }

    /** No final answer to query step {@code stepsTaken - 1}: the next is due in {@code delay}. */
    public Uni<Boolean> awaitNextQuery(String refundId, int stepsTaken, Duration delay, boolean acknowledged) {
        return pool.preparedQuery("update refund set next_query_at = now() + $3 * interval '1 millisecond', "
                + "status = case when $4 then 'PROCESSING' else status end, "
                + "acknowledged_at = case when $4 then coalesce(acknowledged_at, now()) else acknowledged_at end, "
                + "updated_at = now() where id = $1 and query_count = $2 and status = any($5)")
                .execute(Tuple.tuple().addString(refundId).addInteger(stepsTaken).addLong(delay.toMillis()).addBoolean(acknowledged)
                        .addArrayOfString(AWAITING_QUERY))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The query schedule is exhausted without a final answer: the refund stays open (never re-sent) and is flagged. */
    public Uni<Boolean> exhaustQueries(String refundId, int stepsTaken, boolean acknowledged) {
        return pool.preparedQuery("update refund set next_query_at = null, "
                + "status = case when $3 then 'PROCESSING' else status end, "
                + "acknowledged_at = case when $3 then coalesce(acknowledged_at, now()) else acknowledged_at end, "
                + "flagged_at = coalesce(flagged_at, now()), flag_reason = coalesce(flag_reason, 'QUERY_SCHEDULE_EXHAUSTED'), "
                + "updated_at = now() where id = $1 and query_count = $2 and status = any($4)")
                .execute(Tuple.tuple().addString(refundId).addInteger(stepsTaken).addBoolean(acknowledged).addArrayOfString(AWAITING_QUERY))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * The channel answered 404 to query step {@code stepsTaken - 1}: under the not-found rule the refund
     * was never taken and goes to the same channel again (SEND_AGAIN_NOW); otherwise the 404 is noted
     * (the first one after the grace period starts the confirmation interval; one after an
     * acknowledgement flags the refund) and the schedule goes on (NOT_APPLIED).
     */
    public Uni<RefundSettlement> notFound(ClaimedRefund refund, int stepsTaken) {
        return pool.preparedQuery("update refund set status = 'ROUTED', outcome_code = 'ORDER_NOT_FOUND', "
                + "outcome_message = 'not found after the grace period, confirmed by a later query', http_status = 404, "
                + "next_query_at = null, updated_at = now() "
                + "where id = $1 and query_count = $2 and status = any($3) and " + NotFoundRule.PROVEN)
                .execute(Tuple.tuple().addString(refund.refundId()).addInteger(stepsTaken).addArrayOfString(AWAITING_QUERY))
                .chain(proven -> proven.rowCount() == 1 ? Uni.createFrom().item(RefundSettlement.SEND_AGAIN_NOW)
                        : pool.preparedQuery("update refund set not_found_since = " + NotFoundRule.NOTE_SINCE + ", "
                                + "flagged_at = case when acknowledged_at is not null then coalesce(flagged_at, now()) else flagged_at end, "
                                + "flag_reason = case when acknowledged_at is not null then coalesce(flag_reason, $3) else flag_reason end, "
                                + "updated_at = now() where id = $1 and query_count = $2 and status = any($4)")
                                .execute(Tuple.tuple().addString(refund.refundId()).addInteger(stepsTaken)
                                        .addString(NOT_FOUND_AFTER_ACKNOWLEDGED).addArrayOfString(AWAITING_QUERY))
                                .replaceWith(RefundSettlement.NOT_APPLIED));
    }

    /**
     * SUBMITTING refunds past their own recorded deadline plus {@code margin} lost their worker mid-call:
     * UNKNOWN with a query due now (the call may or may not have happened), returned for their queries.
     */
    public Uni<List<ClaimedRefund>> abandonLostSubmissions(SqlConnection conn, Duration margin, int batch) {
        return conn.preparedQuery("update refund r set status = 'UNKNOWN', outcome_code = 'WORKER_LOST', "
                + "outcome_message = 'no outcome recorded for the call: to be queried', next_query_at = now(), updated_at = now() "
                + "where r.id in (select x.id from refund x where x.status = 'SUBMITTING' "
                + "  and x.deadline_at < now() - $1 * interval '1 millisecond' "
                + "  order by x.deadline_at limit $2 for update of x skip locked) "
                + "and r.status = 'SUBMITTING' returning " + ClaimedRefund.COLUMNS)
                .execute(Tuple.of(margin.toMillis(), batch))
                .map(rows -> {
                    List<ClaimedRefund> lost = new ArrayList<>();
                    rows.forEach(row -> lost.add(ClaimedRefund.of(row)));
                    return lost;
                });
    }

    /**
     * Records what a call established, if the refund is still in one of {@code from}: SUCCEEDED and
     * FAILED end it (and move the payment's books, and write its callback, in the same transaction);
     * PROCESSING and ambiguous outcomes leave it open, first query due in {@code firstQueryIn}; not
     * taken sends it back to ROUTED, for the same channel.
     */
    public Uni<RefundSettlement> settle(ClaimedRefund refund, Set<RefundStatus> from, CallOutcome outcome, Duration firstQueryIn) {
        RefundStatus to = switch (outcome.kind()) {
            case SUCCEEDED -> RefundStatus.SUCCEEDED;
            case FAILED -> RefundStatus.FAILED;
            case PROCESSING -> RefundStatus.PROCESSING;
            case AMBIGUOUS, NOT_FOUND -> RefundStatus.UNKNOWN;
            case NOT_TAKEN -> RefundStatus.ROUTED;
        };
        return pool.withTransaction(conn -> conn.preparedQuery("update refund set status = $2, outcome_code = $3, outcome_message = $4, "
                + "http_status = coalesce($5, http_status), latency_ms = coalesce($6, latency_ms), "
                + "failure_code = case when $2 = 'FAILED' then $10 else failure_code end, "
                + "failure_message = case when $2 = 'FAILED' then $11 else failure_message end, "
                + "completed_at = case when $2 in ('SUCCEEDED', 'FAILED') then now() else completed_at end, "
                + "next_query_at = case when $2 in ('PROCESSING', 'UNKNOWN') "
                + "    then coalesce(next_query_at, now() + $8 * interval '1 millisecond') else null end, "
                + "acknowledged_at = case when $9 then coalesce(acknowledged_at, now()) else acknowledged_at end, "
                + "updated_at = now() where id = $1 and status = any($7) returning payment_id, amount")
                .execute(outcome.recordedAs(refund.refundId(), to.name())
                        .addArrayOfString(from.stream().map(Enum::name).toArray(String[]::new))
                        .addLong(firstQueryIn.toMillis())
                        .addBoolean(outcome.acknowledges())
                        .addString(DECLINED)
                        .addString(declineMessage(refund, outcome)))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(RefundSettlement.NOT_APPLIED);
                    }
                    return switch (to) {
                        case SUCCEEDED, FAILED -> complete(conn, refund, to);
                        case PROCESSING, UNKNOWN -> Uni.createFrom().item(RefundSettlement.AWAITING_QUERY);
                        case ROUTED, SUBMITTING -> Uni.createFrom().item(RefundSettlement.SEND_AGAIN_LATER);
                    };
                }));
    }

    /** The payment's books follow the refund's end, and the callback is written, in the same transaction. */
    private Uni<RefundSettlement> complete(SqlConnection conn, ClaimedRefund refund, RefundStatus status) {
        // a reconciliation's correcting refund was never reserved: it gives back a charge payroute did not keep
        String books = status == RefundStatus.SUCCEEDED
                ? "update payment set refunded_amount = refunded_amount + $2, updated_at = now() where id = $1 "
                        + "and exists (select 1 from refund where id = $3 and origin = 'MERCHANT')"
                : "update payment set refund_reserved = refund_reserved - $2 where id = $1 "
                        + "and exists (select 1 from refund where id = $3 and origin = 'MERCHANT')";
        return conn.preparedQuery(books).execute(Tuple.of(refund.paymentId(), refund.amount(), refund.refundId()))
                .chain(() -> outbox.forPayment(conn, RefundEvents.type(status), refund.refundId(), refund.paymentId()))
                .map(callback -> RefundSettlement.terminal(status, callback))
                .invoke(() -> meters.counter("payroute.refunds", "channel", refund.channelCode(), "status", status.name()).increment());
    }

    private static String declineMessage(ClaimedRefund refund, CallOutcome outcome) {
        String code = outcome.code() == null ? "" : outcome.code() + ": ";
        String message = outcome.message() == null ? "refund declined by the channel" : outcome.message();
        return AccountNumberMask.channelText(refund.channelCode() + ": " + code + message);
    }


    private static Optional<ClaimedRefund> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(ClaimedRefund.of(rows.iterator().next()));
    }
}
