package com.payroute.refund;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.api.ApiException;
import com.payroute.api.ErrorCode;
import com.payroute.api.FieldError;
import com.payroute.api.Ids;
import com.payroute.api.Problem;
import com.payroute.money.Money;
import com.payroute.security.AccountIndex;
import com.payroute.security.TokenHash;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Accepts a refund of a SUCCEEDED DEBIT, through the original route: the channel and account whose
 * attempt charged it. One transaction stores the refund (the unique (merchant, merchantRefundNo)
 * settles concurrent duplicates) and reserves its amount against the payment with one conditional
 * UPDATE ({@code refund_reserved + amount <= amount}), so concurrent refunds can never add up to
 * more than was charged; no read decides it. Only after that commit is the refund published.
 */
@ApplicationScoped
public class RefundIntake {

    /** The refund and whether this request created it. */
    public record Intake(RefundRow refund, boolean created) {
    }

    /** The payment being refunded, with the route that charged it (null channel: it was never charged). */
    private record Charged(String paymentId, String type, String status, BigDecimal amount, String currency,
            String channelCode, String accountNo) {
        boolean refundable() {
            return "DEBIT".equals(type) && "SUCCEEDED".equals(status) && channelCode != null;
        }
    }

    private static final String INSERT = """
            with inserted as (
                insert into refund (id, payment_id, merchant_id, merchant_refund_no, amount, currency, reason, request_hash,
                    channel_code, account_no, status, created_at, updated_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'ROUTED', now(), now())
                on conflict (merchant_id, merchant_refund_no) do nothing
                returning %s
            ), reserved as (
                update payment set refund_reserved = refund_reserved + $5
                where id = $2 and exists (select 1 from inserted)
                  and status = 'SUCCEEDED' and type = 'DEBIT' and refund_reserved + $5 <= amount
                returning id
            )
            select inserted.*, (select count(*) from reserved) as reserved from inserted
            """.formatted(RefundRow.COLUMNS);

    private final Pool pool;
    private final AccountIndex fingerprints;
    private final RefundLookup lookup;
    private final RefundQueue queue;

    RefundIntake(Pool pool, AccountIndex fingerprints, RefundLookup lookup, RefundQueue queue) {
        this.pool = pool;
        this.fingerprints = fingerprints;
        this.lookup = lookup;
        this.queue = queue;
    }

    public Uni<Intake> accept(String merchantId, String paymentId, RefundRequest request) {
        byte[] requestHash = fingerprints.fingerprint(merchantId + "\nrefund\n" + request.canonicalContent(paymentId));
        return charged(merchantId, paymentId).chain(found -> {
            Charged payment = found.orElseThrow(() -> ApiException.notFound("payment"));
            if (!payment.refundable()) {
                return existing(merchantId, request.merchantRefundNo(), requestHash,
                        () -> new ApiException(Problem.of(ErrorCode.NOT_REFUNDABLE,
                                "only a SUCCEEDED DEBIT can be refunded; this payment is a " + payment.status() + " " + payment.type())
                                .withPaymentId(paymentId), null));
            }
            int digits = Money.minorDigits(payment.currency());
            if (request.amount().scale() > digits) {
                throw ApiException.validation(List.of(new FieldError("amount",
                        "has more decimal places than " + payment.currency() + " allows (" + digits + ")")));
            }
            return insert(merchantId, payment, request, requestHash);
        });
    }

    private Uni<Intake> insert(String merchantId, Charged payment, RefundRequest request, byte[] requestHash) {
        String refundId = Ids.refund();
        Tuple params = Tuple.tuple()
                .addString(refundId)
                .addString(payment.paymentId())
                .addString(merchantId)
                .addString(request.merchantRefundNo())
                .addBigDecimal(request.amount())
                .addString(payment.currency())
                .addString(request.reason())
                .addValue(Buffer.buffer(requestHash))
                .addString(payment.channelCode())
                .addString(payment.accountNo());
        // Stored and reserved together or not at all: a refund whose reservation fails is rolled back.
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT).execute(params).map(rows -> {
            if (rows.rowCount() == 0) {
                return Optional.<RefundRow>empty();
            }
            Row row = rows.iterator().next();
            if (row.getLong("reserved") == 0) {
                throw new ApiException(Problem.of(ErrorCode.REFUND_EXCEEDS_PAYMENT, "this refund and the refunds not FAILED "
                        + "would exceed the payment's " + Money.format(payment.amount(), payment.currency()) + " " + payment.currency())
                        .withPaymentId(payment.paymentId()), null);
            }
            return Optional.of(RefundRow.of(row));
        })).chain(created -> created.isPresent()
                ? queue.submit(new RefundQueue.Submission(refundId, payment.paymentId(), merchantId, payment.channelCode(),
                        payment.accountNo()), Duration.ZERO)
                        .replaceWith(new Intake(created.get(), true))
                : existing(merchantId, request.merchantRefundNo(), requestHash,
                        () -> new IllegalStateException("refund " + request.merchantRefundNo() + " conflicted but is not stored")));
    }

    /** The refund under that number: the same request again (200), or another one (409); {@code none} when there is none. */
    private Uni<Intake> existing(String merchantId, String merchantRefundNo, byte[] requestHash,
            java.util.function.Supplier<RuntimeException> none) {
        return lookup.byMerchantRefundNo(merchantId, merchantRefundNo).map(found -> {
            RefundRow refund = found.orElseThrow(none);
            if (!TokenHash.matches(refund.requestHash(), requestHash)) {
                throw new ApiException(Problem.of(ErrorCode.IDEMPOTENCY_MISMATCH,
                        "merchantRefundNo " + merchantRefundNo + " was already used for a refund with different content")
                        .withRefundId(refund.id()), null);
            }
            return new Intake(refund, false);
        });
    }

    private Uni<Optional<Charged>> charged(String merchantId, String paymentId) {
        return pool.preparedQuery("select p.id, p.type, p.status, p.amount, p.currency, a.channel_code, a.account_no "
                + "from payment p left join attempt a on a.payment_id = p.id and a.status = 'SUCCEEDED' "
                + "where p.id = $1 and p.merchant_id = $2")
                .execute(Tuple.of(paymentId, merchantId))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Charged(row.getString("id"), row.getString("type"), row.getString("status"),
                            row.getBigDecimal("amount"), row.getString("currency"), row.getString("channel_code"),
                            row.getString("account_no")));
                });
    }
}
