package com.payroute.payment;

import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.api.ApiException;
import com.payroute.api.ErrorCode;
import com.payroute.api.Ids;
import com.payroute.api.Problem;
import com.payroute.notify.CallbackDue;
import com.payroute.review.Reviews;
import com.payroute.routing.RouteDecision;
import com.payroute.routing.RouteRequest;
import com.payroute.routing.Router;
import com.payroute.security.AccountCipher;
import com.payroute.security.AccountIndex;
import com.payroute.security.AccountNumberMask;
import com.payroute.security.TokenHash;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Accepts a payment: route it (in memory), then, in a transaction holding the duplicate guard's
 * lock (shared with the merchant's other accepts of the moment, {@link IntakeGroups}), insert payment
 * and first attempt in ONE statement that does nothing if (merchant,
 * merchantOrderNo) exists or if it is a DEBIT that looks like a duplicate. The unique constraint, not
 * a prior read, is what makes concurrent duplicates safe: the losers see no row inserted and read the
 * winner's payment. A PAYOUT that looks like a duplicate, or is at or above the merchant's review
 * limit, is stored ON_HOLD with its review. Only after the commit is the attempt published.
 */
@ApplicationScoped
public class PaymentIntake {

    public static final String NO_ROUTE = "NO_ROUTE";
    public static final String DUPLICATE_SUSPECTED = "DUPLICATE_SUSPECTED";
    public static final String AMOUNT_OVER_REVIEW_LIMIT = "AMOUNT_OVER_REVIEW_LIMIT";

    /** The payment and whether this request created it. */
    public record Intake(PaymentRow payment, boolean created) {
    }

    /** What the guarded insert found: the payment it created, or why it created none. */
    private record Inserted(PaymentRow created, String callbackEvent, String duplicateOf, boolean orderExists) {
    }

    // "merchant_id is not distinct from": an operator no index serves, so that only payment_guard_idx
    // (by account first) can answer the duplicate look-up, whatever plan the table's statistics suggest
    // (V10__guard_by_account.sql)
    static final String INSERT = """
            with rules as (
                select duplicate_window, payout_review_limit from merchant where id = $2
            ), same as (
                select 1 from payment where merchant_id = $2 and merchant_order_no = $3
            ), dup as (
                select id from payment where account_index = $20::bytea and merchant_id is not distinct from $2 and type = $4 and amount = $5
                    and merchant_order_no <> $3 and status <> 'FAILED'
                    and created_at > now() - (select duplicate_window from rules)
                order by created_at desc limit 1
            ), decided as (
                select case when $4 = 'PAYOUT' and exists (select 1 from dup) then 'DUPLICATE_SUSPECTED'
                            when $4 = 'PAYOUT' and $5 >= (select payout_review_limit from rules) then 'AMOUNT_OVER_REVIEW_LIMIT'
                       end as hold_reason
                where not exists (select 1 from same) and ($4 <> 'DEBIT' or $21::boolean or not exists (select 1 from dup))
            ), inserted as (
                insert into payment (id, merchant_id, merchant_order_no, type, amount, currency, bank_code,
                    account_masked, account_cipher, holder_name, notify_url, metadata, request_hash,
                    status, failure_code, failure_message, hold_reason, held_at, account_index, route_at,
                    created_at, updated_at, completed_at)
                select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
                    case when d.hold_reason is not null then 'ON_HOLD' else $14::text end,
                    case when d.hold_reason is null then $15::text end, case when d.hold_reason is null then $16::text end,
                    d.hold_reason, case when d.hold_reason is not null then now() end, $20::bytea,
                    case when d.hold_reason is null and $14::text = 'PROCESSING' then $22::timestamptz end,
                    now(), now(), case when d.hold_reason is null and $14::text <> 'PROCESSING' then now() end
                from decided d
                on conflict (merchant_id, merchant_order_no) do nothing
                returning %s
            ), routed as (
                insert into attempt (id, payment_id, seq, channel_code, merchant_id, status, created_at, updated_at)
                select $17, id, 1, $18, merchant_id, 'ROUTED', now(), now() from inserted
                where status = 'PROCESSING' and $18::text is not null
            ), callback as (
                insert into notification (event_id, event_type, object_id, payment_id, merchant_id, url, status, attempts,
                    next_attempt_at, created_at, updated_at)
                select $19, 'payment.failed', id, id, merchant_id, notify_url, 'PENDING', 0, now(), now(), now()
                from inserted where status = 'FAILED' and notify_url is not null
                returning event_id
            )
            select inserted.*, (select event_id from callback) as callback_event,
                (select id from dup) as duplicate_of, exists (select 1 from same) as order_exists
            from (select 1) as one left join inserted on true
            """.formatted(PaymentRow.COLUMNS);

    private final Pool pool;
    private final Router router;
    private final AccountCipher cipher;
    private final AccountIndex accountIndex;
    private final Reviews reviews;
    private final PaymentPublisher publisher;
    private final LargePayments large;
    private final IntakeGroups groups;

    PaymentIntake(Pool pool, Router router, AccountCipher cipher, AccountIndex accountIndex, Reviews reviews,
            PaymentPublisher publisher, LargePayments large, IntakeGroups groups) {
        this.large = large;
        this.groups = groups;
        this.pool = pool;
        this.router = router;
        this.cipher = cipher;
        this.accountIndex = accountIndex;
        this.reviews = reviews;
        this.publisher = publisher;
    }

    public Uni<Intake> accept(String merchantId, PaymentRequest request) {
        String paymentId = Ids.payment();
        String attemptId = Ids.attempt();
        RouteDecision route = router.decide(new RouteRequest(merchantId, request.type(),
                request.currency(), request.bankCode(), request.amount(), List.of()));
        boolean routable = route.channel().isPresent() || route.waits();
        PaymentStatus status = routable ? PaymentStatus.PROCESSING : PaymentStatus.FAILED;
        byte[] requestHash = accountIndex.fingerprint(merchantId + "\n" + request.canonicalContent());
        byte[] index = accountIndex.of(request.accountNumber());
        Tuple params = Tuple.tuple()
                .addString(paymentId)
                .addString(merchantId)
                .addString(request.merchantOrderNo())
                .addString(request.type().name())
                .addBigDecimal(request.amount())
                .addString(request.currency())
                .addString(request.bankCode())
                .addString(AccountNumberMask.mask(request.accountNumber()))
                .addValue(Buffer.buffer(cipher.encrypt(request.accountNumber(), paymentId)))
                .addString(request.holderName())
                .addString(request.notifyUrl())
                .addValue(request.metadata() == null ? null : new JsonObject(new java.util.LinkedHashMap<>(request.metadata())))
                .addValue(Buffer.buffer(requestHash))
                .addString(status.name())
                .addString(routable ? null : NO_ROUTE)
                .addString(routable ? null : noRouteMessage(request))
                .addString(attemptId)
                .addString(route.channel().map(c -> c.code()).orElse(null))
                .addString(Ids.event())
                .addValue(Buffer.buffer(index))
                .addBoolean(request.allowDuplicate())
                .addValue(route.waits() ? route.waitUntil().atOffset(ZoneOffset.UTC) : null);
        long guardKey = DuplicateGuard.key(merchantId, index, request.type(), request.amount());
        return groups.store(merchantId, DuplicateGuard.merchantKey(merchantId), guardKey, params, this::reviewIfHeld)
                .map(PaymentIntake::inserted)
                .chain(inserted -> {
                    if (inserted.created() != null) {
                        PaymentRow created = inserted.created();
                        large.accepted(merchantId, request.type(), request.currency(), request.amount());
                        Uni<?> published = route.channel().isPresent() && created.status() == PaymentStatus.PROCESSING
                                ? publisher.attempt(new RoutedAttempt(attemptId, paymentId, merchantId, route.channel().get().code()))
                                : publisher.created(created, inserted.callbackEvent() == null ? null
                                        : new CallbackDue(inserted.callbackEvent(), merchantId));
                        return published.replaceWith(new Intake(created, true));
                    }
                    if (!inserted.orderExists() && inserted.duplicateOf() != null) {
                        throw new ApiException(Problem.of(ErrorCode.DUPLICATE_SUSPECTED, "a payment of the same type and amount to "
                                + "the same account was made recently (paymentId); send \"allowDuplicate\": true if the customer "
                                + "confirmed this one").withPaymentId(inserted.duplicateOf()), null);
                    }
                    return existing(merchantId, request.merchantOrderNo(), requestHash);
                });
    }

    /** A held payout waits for two people: its review is opened in the very transaction that stores it. */
    private Uni<Void> reviewIfHeld(SqlConnection conn, Row inserted) {
        if (inserted.getString("id") == null || !PaymentStatus.ON_HOLD.name().equals(inserted.getString("status"))) {
            return Uni.createFrom().voidItem();
        }
        PaymentRow payment = PaymentRow.of(inserted);
        String summary = "send held " + payment.type() + " " + payment.id() + " of " + payment.amount().toPlainString() + " "
                + payment.currency() + " to " + payment.accountMasked() + " (merchant " + payment.merchantId() + ", "
                + payment.holdReason() + ")";
        return reviews.open(conn, Reviews.PAYOUT_HOLD, "payment:" + payment.id(), summary,
                new JsonObject().put("paymentId", payment.id()).put("reason", payment.holdReason()), Reviews.SYSTEM)
                .replaceWithVoid();
    }

    private static Inserted inserted(Row row) {
        PaymentRow created = row.getString("id") == null ? null : PaymentRow.of(row);
        return new Inserted(created, row.getString("callback_event"), row.getString("duplicate_of"), row.getBoolean("order_exists"));
    }

    /** The payment a conflicting insert ran into: the same request again, or a different one under the same number. */
    private Uni<Intake> existing(String merchantId, String merchantOrderNo, byte[] requestHash) {
        return pool.preparedQuery("select " + PaymentRow.COLUMNS + " from payment where merchant_id = $1 and merchant_order_no = $2")
                .execute(Tuple.of(merchantId, merchantOrderNo))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.unavailable("the payment could not be stored; send it again");
                    }
                    PaymentRow payment = PaymentRow.of(rows.iterator().next());
                    if (!TokenHash.matches(payment.requestHash(), requestHash)) {
                        throw new ApiException(Problem.of(ErrorCode.IDEMPOTENCY_MISMATCH,
                                "merchantOrderNo " + merchantOrderNo + " was already used for a payment with different content")
                                .withPaymentId(payment.id()), null);
                    }
                    return new Intake(payment, false);
                });
    }

    static String noRouteMessage(PaymentRequest r) {
        return "no enabled channel serves " + r.type() + " " + r.currency() + " at bank " + r.bankCode()
                + " for amount " + r.amount().toPlainString() + "; nothing was charged";
    }
}
