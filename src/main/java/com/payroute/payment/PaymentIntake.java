package com.payroute.payment;

import com.payroute.api.Ids;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.api.ApiException;
import com.payroute.api.ErrorCode;
import com.payroute.api.Problem;
import com.payroute.notify.CallbackDue;
import com.payroute.notify.CallbackQueue;
import com.payroute.channel.ChannelConfig;
import com.payroute.routing.RouteRequest;
import com.payroute.routing.Router;
import com.payroute.security.AccountCipher;
import com.payroute.security.AccountNumberMask;
import com.payroute.security.TokenHash;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Accepts a payment: route it, then insert payment and first attempt in ONE statement that does
 * nothing if (merchant, merchantOrderNo) exists. The unique constraint, not a prior read, is what
 * makes concurrent duplicates safe: the losers see no row inserted and read the winner's payment.
 * Only after that commit is the attempt published.
 */
@ApplicationScoped
public class PaymentIntake {

    public static final String NO_ROUTE = "NO_ROUTE";

    /** The payment and whether this request created it. */
    public record Intake(PaymentRow payment, boolean created) {
    }

    private static final String INSERT = """
            with inserted as (
                insert into payment (id, merchant_id, merchant_order_no, type, amount, currency, bank_code,
                    account_masked, account_cipher, holder_name, notify_url, metadata, request_hash,
                    status, failure_code, failure_message, created_at, updated_at, completed_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, now(), now(),
                    case when $14 = 'PROCESSING' then null else now() end)
                on conflict (merchant_id, merchant_order_no) do nothing
                returning %s
            ), routed as (
                insert into attempt (id, payment_id, seq, channel_code, merchant_id, status, created_at, updated_at)
                select $17, id, 1, $18, merchant_id, 'ROUTED', now(), now() from inserted where $18::text is not null
            ), terminal as (
                select pg_notify('payment_terminal', id) from inserted where status <> 'PROCESSING'
            ), callback as (
                insert into notification (event_id, event_type, object_id, payment_id, merchant_id, url, status, attempts,
                    next_attempt_at, created_at, updated_at)
                select $19, 'payment.failed', id, id, merchant_id, notify_url, 'PENDING', 0, now(), now(), now()
                from inserted where status <> 'PROCESSING' and notify_url is not null
                returning event_id
            )
            select inserted.*, (select count(*) from terminal) as notified, (select event_id from callback) as callback_event
            from inserted
            """.formatted(PaymentRow.COLUMNS);

    private final Pool pool;
    private final Router router;
    private final AccountCipher cipher;
    private final SubmissionQueue submissions;
    private final CallbackQueue callbacks;
    private final MeterRegistry meters;

    PaymentIntake(Pool pool, Router router, AccountCipher cipher, SubmissionQueue submissions, CallbackQueue callbacks,
            MeterRegistry meters) {
        this.pool = pool;
        this.router = router;
        this.cipher = cipher;
        this.submissions = submissions;
        this.callbacks = callbacks;
        this.meters = meters;
    }

    public Uni<Intake> accept(String merchantId, PaymentRequest request) {
        String paymentId = Ids.payment();
        String attemptId = Ids.attempt();
        Optional<ChannelConfig> channel = router.route(new RouteRequest(merchantId, request.type(),
                request.currency(), request.bankCode(), request.amount(), List.of()));
        PaymentStatus status = channel.isPresent() ? PaymentStatus.PROCESSING : PaymentStatus.FAILED;
        byte[] requestHash = cipher.fingerprint(merchantId + "\n" + request.canonicalContent());
        Tuple params = Tuple.tuple()
                .addString(paymentId)
                .addString(merchantId)
                .addString(request.merchantOrderNo())
                .addString(request.type().name())
                .addBigDecimal(request.amount())
                .addString(request.currency())
                .addString(request.bankCode())
                .addString(AccountNumberMask.mask(request.accountNumber()))
                .addValue(io.vertx.core.buffer.Buffer.buffer(cipher.encrypt(request.accountNumber(), paymentId)))
                .addString(request.holderName())
                .addString(request.notifyUrl())
                .addValue(request.metadata() == null ? null : new JsonObject(new java.util.LinkedHashMap<>(request.metadata())))
                .addValue(io.vertx.core.buffer.Buffer.buffer(requestHash))
                .addString(status.name())
                .addString(channel.isPresent() ? null : NO_ROUTE)
                .addString(channel.isPresent() ? null : noRouteMessage(request))
                .addString(attemptId)
                .addString(channel.map(ChannelConfig::code).orElse(null))
                .addString(Ids.event());
        return pool.preparedQuery(INSERT).execute(params).chain(rows -> {
            if (rows.rowCount() == 1) {
                var row = rows.iterator().next();
                PaymentRow created = PaymentRow.of(row);
                meters.counter("payroute.payments", "status", created.status().name()).increment();
                String callbackEvent = row.getString("callback_event");
                Uni<?> published = channel.isPresent()
                        ? submissions.publish(new RoutedAttempt(attemptId, paymentId, merchantId, channel.get().code()))
                        : callbackEvent == null ? Uni.createFrom().voidItem()
                                : callbacks.dispatch(new CallbackDue(callbackEvent, merchantId));
                return published.replaceWith(new Intake(created, true));
            }
            return existing(merchantId, request.merchantOrderNo(), requestHash);
        });
    }

    /** The payment a conflicting insert ran into: the same request again, or a different one under the same number. */
    private Uni<Intake> existing(String merchantId, String merchantOrderNo, byte[] requestHash) {
        return pool.preparedQuery("select " + PaymentRow.COLUMNS + " from payment where merchant_id = $1 and merchant_order_no = $2")
                .execute(Tuple.of(merchantId, merchantOrderNo))
                .map(rows -> {
                    PaymentRow payment = PaymentRow.of(rows.iterator().next());
                    if (!TokenHash.matches(payment.requestHash(), requestHash)) {
                        throw new ApiException(Problem.of(ErrorCode.IDEMPOTENCY_MISMATCH,
                                "merchantOrderNo " + merchantOrderNo + " was already used for a payment with different content")
                                .withPaymentId(payment.id()), null);
                    }
                    return new Intake(payment, false);
                });
    }

    private static String noRouteMessage(PaymentRequest r) {
        return "no enabled channel serves " + r.type() + " " + r.currency() + " at bank " + r.bankCode()
                + " for amount " + r.amount().toPlainString() + "; nothing was charged";
    }
}
