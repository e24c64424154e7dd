package com.payroute.reconciliation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.channel.CallOutcome;
import com.payroute.channel.ChannelAccount;
import com.payroute.channel.ChannelCalls;
import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelRegistry;
import com.payroute.channel.PermitPool;
import com.payroute.channel.Purpose;
import com.payroute.refund.RefundQueue;
import com.payroute.review.ReviewAction;
import com.payroute.review.ReviewRow;
import com.payroute.review.Reviews;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Decided reviews of discrepancy resolutions. REFUND stores a correcting refund (origin
 * RECONCILIATION, one per discrepancy, never reserved against the payment) on the channel and account
 * that took the money, sent once committed like any refund; REQUERY asks the channel once more (under
 * a permit of the account) and settles the order if payroute still has it open; WRITE_OFF records the
 * note. Each makes the discrepancy RESOLVED; a rejection makes it OPEN again.
 */
@ApplicationScoped
public class DiscrepancyResolutions implements ReviewAction {

    private static final Logger LOG = Logger.getLogger(DiscrepancyResolutions.class);

    private final ChannelRegistry registry;
    private final RefundQueue refunds;
    private final ChannelCalls calls;
    private final PermitPool permits;
    private final AutoSettlement settlement;
    private final Reconciliations runs;
    private final Pool pool;

    DiscrepancyResolutions(ChannelRegistry registry, RefundQueue refunds, ChannelCalls calls, PermitPool permits,
            AutoSettlement settlement, Reconciliations runs, Pool pool) {
        this.registry = registry;
        this.refunds = refunds;
        this.calls = calls;
        this.permits = permits;
        this.settlement = settlement;
        this.runs = runs;
        this.pool = pool;
    }

    @Override
    public String kind() {
        return Reviews.DISCREPANCY_RESOLUTION;
    }

    @Override
    public Uni<AfterCommit> approved(SqlConnection conn, ReviewRow review) {
        String id = review.action().getString("discrepancyId");
        String action = review.action().getString("action");
        JsonObject resolution = new JsonObject().put("action", action).put("note", review.action().getString("note"))
                .put("review", review.id()).put("requestedBy", review.requestedBy());
        return Discrepancies.locked(conn, id).chain(found -> switch (action) {
            case "REFUND" -> correctingRefund(conn, found, review).chain(refund -> resolve(conn, id, resolution.put("refundId", refund.refundId()))
                    .replaceWith((AfterCommit) () -> refunds.submit(refund, java.time.Duration.ZERO).replaceWithVoid()));
            case "REQUERY" -> resolve(conn, id, resolution).replaceWith((AfterCommit) () -> requery(found));
            default -> resolve(conn, id, resolution).replaceWith(AfterCommit.NOTHING);
        });
    }

    @Override
    public Uni<AfterCommit> rejected(SqlConnection conn, ReviewRow review) {
        return conn.preparedQuery("update discrepancy set status = 'OPEN', updated_at = now() where id = $1 and status = 'RESOLVING'")
                .execute(Tuple.of(review.action().getString("discrepancyId"))).replaceWith(AfterCommit.NOTHING);
    }

    private static Uni<Void> resolve(SqlConnection conn, String id, JsonObject resolution) {
        return conn.preparedQuery("update discrepancy set status = 'RESOLVED', resolution = $2, updated_at = now() "
                + "where id = $1 and status = 'RESOLVING'").execute(Tuple.of(id, resolution)).replaceWithVoid();
    }

    /** The refund that gives back what the channel holds beyond what payroute kept, on that channel and account. */
    private Uni<RefundQueue.Submission> correctingRefund(SqlConnection conn, DiscrepancyRow found, ReviewRow review) {
        ChannelConfig channel = registry.find(found.channel()).orElseThrow();
        String refundId = com.payroute.api.Ids.refund();
        return conn.preparedQuery("""
                insert into refund (id, payment_id, merchant_id, merchant_refund_no, amount, currency, reason, request_hash,
                    channel_code, account_no, status, origin, discrepancy_id, created_at, updated_at)
                select $1, p.id, p.merchant_id, 'RECON-' || $2, $3, p.currency, $4, '\\x00'::bytea, $5,
                    coalesce((select a.account_no from attempt a where a.payment_id = p.id and a.channel_code = $5
                              and a.account_no is not null order by a.seq desc limit 1), $6),
                    'ROUTED', 'RECONCILIATION', $2, now(), now()
                from payment p where p.id = $7
                returning id, payment_id, merchant_id, account_no""")
                .execute(Tuple.tuple().addString(refundId).addString(found.id()).addBigDecimal(found.refundable())
                        .addString("reconciliation: " + found.kind() + " on " + found.channel() + " " + found.day() + " (" + review.id() + ")")
                        .addString(found.channel()).addString(channel.defaultAccount().accountNo()).addString(found.paymentId()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new RefundQueue.Submission(row.getString("id"), row.getString("payment_id"), row.getString("merchant_id"),
                            found.channel(), row.getString("account_no"));
                });
    }

    /** Asks the channel once more about the order and notes the answer; an order payroute still has open is settled by it. */
    private Uni<Void> requery(DiscrepancyRow found) {
        ChannelConfig channel = registry.find(found.channel()).orElse(null);
        if (channel == null) {
            return Uni.createFrom().voidItem();
        }
        ChannelAccount account = channel.defaultAccount();
        return permits.acquire(channel, account, Purpose.QUERY).chain(permit -> {
            if (permit == null) {
                return note(found.id(), new JsonObject().put("channelAnswer", "channel busy: ask again"));
            }
            Uni<CallOutcome> answer = found.refundId() != null ? calls.queryRefund(channel, account, found.refundId())
                    : calls.query(channel, account, found.orderNo());
            return answer.onTermination().call(permit::release)
                    .chain(outcome -> note(found.id(), new JsonObject().put("channelAnswer", outcome.kind().name())
                            .put("channelCode", outcome.code()))
                            .chain(() -> outcome.kind().definitive() ? settleIfOpen(found, outcome.kind() == CallOutcome.Kind.SUCCEEDED)
                                    : Uni.createFrom().voidItem()));
        }).onFailure().invoke(e -> LOG.warnf("re-query of discrepancy %s failed: %s", found.id(), e.toString()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> note(String id, JsonObject answer) {
        return pool.preparedQuery("update discrepancy set resolution = coalesce(resolution, '{}'::jsonb) || $2, updated_at = now() where id = $1")
                .execute(Tuple.of(id, answer)).replaceWithVoid();
    }

    private Uni<Void> settleIfOpen(DiscrepancyRow found, boolean succeeded) {
        String sql = found.refundId() != null
                ? "select 'refund', id from refund where id = $1 and status in ('PROCESSING', 'UNKNOWN')"
                : "select 'attempt', id from attempt where payment_id = $1 and channel_code = $2 and status in ('PROCESSING', 'UNKNOWN')";
        Tuple params = found.refundId() != null ? Tuple.of(found.refundId()) : Tuple.of(found.orderNo(), found.channel());
        return pool.preparedQuery(sql).execute(params).chain(rows -> {
            if (rows.rowCount() == 0) {
                return Uni.createFrom().voidItem();
            }
            Row row = rows.iterator().next();
            return runs.find(found.reconciliationId()).chain(run -> settlement.settle(run.orElseThrow(),
                    List.of(new Comparison.Settle(row.getString(0), row.getString(1), succeeded)))).replaceWithVoid();
        });
    }
}
