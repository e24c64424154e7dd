package com.payroute.support;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.api.Ids;
import com.payroute.security.AccountCipher;
import com.payroute.security.AccountNumberMask;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Puts payments into exactly the state a crash would leave them in (a committed payment whose
 * message never went out, a claim whose call never happened, ...), straight in PostgreSQL.
 */
@ApplicationScoped
public class Fixtures {

    /** A payment and its first attempt as stored. */
    public record Stored(String paymentId, String attemptId) {
    }

    private final Pool pool;
    private final AccountCipher cipher;

    Fixtures(Pool pool, AccountCipher cipher) {
        this.pool = pool;
        this.cipher = cipher;
    }

    /**
     * A PROCESSING payment of m_demo with one attempt on {@code channel} in {@code attemptStatus},
     * last touched {@code ageSeconds} ago (submitted then too, for SUBMITTING, with the channel's
     * config recorded as a claim records it).
     */
    public Stored payment(String channel, String currency, String amount, String attemptStatus, int ageSeconds) {
        String paymentId = Ids.payment();
        String attemptId = Ids.attempt();
        String number = TestAccounts.next();
        pool.withTransaction(conn -> conn.preparedQuery("""
                insert into payment (id, merchant_id, merchant_order_no, type, amount, currency, bank_code, account_masked,
                    account_cipher, holder_name, request_hash, status, created_at, updated_at)
                values ($1, 'm_demo', $2, 'DEBIT', $3, $4, 'ICBC', $5, $6, 'Li Lei', $7, 'PROCESSING',
                    now() - $8 * interval '1 second', now() - $8 * interval '1 second')""")
                .execute(Tuple.tuple().addString(paymentId).addString(Payments.orderNo("FIX")).addValue(new java.math.BigDecimal(amount))
                        .addString(currency).addString(AccountNumberMask.mask(number))
                        .addValue(Buffer.buffer(cipher.encrypt(number, paymentId))).addValue(Buffer.buffer(new byte[32]))
                        .addInteger(ageSeconds))
                .chain(() -> conn.preparedQuery("""
                        insert into attempt (id, payment_id, seq, channel_code, merchant_id, status, created_at, updated_at,
                            submitted_at, next_query_at, account_no, connect_timeout_ms, timeout_ms, deadline_at,
                            not_found_grace_ms, not_found_confirm_ms)
                        select $1, $2, 1, $3, 'm_demo', $4, now() - $5 * interval '1 second', now() - $5 * interval '1 second',
                            case when $4 = 'ROUTED' then null else now() - $5 * interval '1 second' end,
                            case when $4 in ('UNKNOWN', 'PROCESSING') then now() - $5 * interval '1 second' else null end,
                            case when $4 = 'ROUTED' then null else 'default' end, c.connect_timeout_ms, c.timeout_ms,
                            case when $4 = 'ROUTED' then null
                                 else now() - $5 * interval '1 second' + (c.connect_timeout_ms + c.timeout_ms) * interval '1 millisecond' end,
                            c.not_found_grace_ms, c.not_found_confirm_ms
                        from channel c where c.code = $3""")
                        .execute(Tuple.of(attemptId, paymentId, channel, attemptStatus, ageSeconds))))
                .await().indefinitely();
        return new Stored(paymentId, attemptId);
    }

    /**
     * {@code count} PROCESSING payments of m_demo with a ROUTED attempt each on {@code channel}, committed
     * in one transaction, aged from {@code oldestAgeSeconds} down by one second each: a batch of lost messages.
     */
    public List<Stored> routedAtOnce(String channel, String currency, int count, int oldestAgeSeconds) {
        List<Stored> stored = new ArrayList<>();
        pool.withTransaction(conn -> {
            io.smallrye.mutiny.Uni<Void> chain = io.smallrye.mutiny.Uni.createFrom().voidItem();
            for (int i = 0; i < count; i++) {
                String paymentId = Ids.payment();
                String attemptId = Ids.attempt();
                String number = TestAccounts.next();
                int age = oldestAgeSeconds - i;
                stored.add(new Stored(paymentId, attemptId));
                chain = chain.chain(() -> conn.preparedQuery("""
                        insert into payment (id, merchant_id, merchant_order_no, type, amount, currency, bank_code, account_masked,
                            account_cipher, holder_name, request_hash, status, created_at, updated_at)
                        values ($1, 'm_demo', $2, 'DEBIT', 1, $3, 'ICBC', $4, $5, 'Li Lei', $6, 'PROCESSING',
                            now() - $7 * interval '1 second', now() - $7 * interval '1 second')""")
                        .execute(Tuple.tuple().addString(paymentId).addString(Payments.orderNo("LOST")).addString(currency)
                                .addString(AccountNumberMask.mask(number)).addValue(Buffer.buffer(cipher.encrypt(number, paymentId)))
                                .addValue(Buffer.buffer(new byte[32])).addInteger(age))
                        .chain(() -> conn.preparedQuery("""
                                insert into attempt (id, payment_id, seq, channel_code, merchant_id, status, created_at, updated_at)
                                values ($1, $2, 1, $3, 'm_demo', 'ROUTED', now() - $4 * interval '1 second', now() - $4 * interval '1 second')""")
                                .execute(Tuple.of(attemptId, paymentId, channel, age)))
                        .replaceWithVoid());
            }
            return chain;
        }).await().indefinitely();
        return stored;
    }

    /**
     * A refund of m_demo's SUCCEEDED payment {@code paymentId} (its amount reserved) on the channel and
     * account that charged it, in {@code status}, last touched {@code ageSeconds} ago: submitted then too
     * (unless ROUTED), with the channel's config recorded as a claim records it, and for PROCESSING or
     * UNKNOWN a query due then.
     */
    public String refund(String paymentId, String amount, String status, int ageSeconds) {
        String refundId = Ids.refund();
        pool.withTransaction(conn -> conn.preparedQuery("""
                insert into refund (id, payment_id, merchant_id, merchant_refund_no, amount, currency, request_hash,
                    channel_code, account_no, status, submissions, submitted_at, connect_timeout_ms, timeout_ms, deadline_at,
                    not_found_grace_ms, not_found_confirm_ms, next_query_at, created_at, updated_at)
                select $1, p.id, p.merchant_id, $1, $2, p.currency, $3, a.channel_code, a.account_no, $4,
                    case when $4 = 'ROUTED' then 0 else 1 end,
                    case when $4 = 'ROUTED' then null else now() - $5 * interval '1 second' end,
                    c.connect_timeout_ms, c.timeout_ms,
                    case when $4 = 'ROUTED' then null
                         else now() - $5 * interval '1 second' + (c.connect_timeout_ms + c.timeout_ms) * interval '1 millisecond' end,
                    c.not_found_grace_ms, c.not_found_confirm_ms,
                    case when $4 in ('UNKNOWN', 'PROCESSING') then now() - $5 * interval '1 second' else null end,
                    now() - $5 * interval '1 second', now() - $5 * interval '1 second'
                from payment p join attempt a on a.payment_id = p.id and a.status = 'SUCCEEDED'
                join channel c on c.code = a.channel_code where p.id = $6""")
                .execute(Tuple.tuple().addString(refundId).addValue(new java.math.BigDecimal(amount))
                        .addValue(Buffer.buffer(new byte[32])).addString(status).addInteger(ageSeconds).addString(paymentId))
                .chain(() -> conn.preparedQuery("update payment set refund_reserved = refund_reserved + $2 where id = $1")
                        .execute(Tuple.of(paymentId, new java.math.BigDecimal(amount)))))
                .await().indefinitely();
        return refundId;
    }

    public String attemptColumn(String attemptId, String column) {
        Object value = pool.preparedQuery("select " + column + " from attempt where id = $1").execute(Tuple.of(attemptId))
                .await().indefinitely().iterator().next().getValue(0);
        return value == null ? null : value.toString();
    }

    public String paymentColumn(String paymentId, String column) {
        Object value = pool.preparedQuery("select " + column + " from payment where id = $1").execute(Tuple.of(paymentId))
                .await().indefinitely().iterator().next().getValue(0);
        return value == null ? null : value.toString();
    }

    /** The channel the payment's first attempt was routed to. */
    public String firstChannel(String paymentId) {
        return value("select channel_code from attempt where payment_id = $1 and seq = 1", paymentId);
    }

    public long attempts(String paymentId) {
        return pool.preparedQuery("select count(*) from attempt where payment_id = $1").execute(Tuple.of(paymentId))
                .await().indefinitely().iterator().next().getLong(0);
    }

    /** The first column of the first row of {@code sql}, as text (null for SQL NULL). */
    public String value(String sql, Object... params) {
        var rows = pool.preparedQuery(sql).execute(Tuple.wrap(params)).await().indefinitely();
        if (rows.rowCount() == 0) {
            return null;
        }
        Object value = rows.iterator().next().getValue(0);
        return value == null ? null : value.toString();
    }

    public void execute(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.wrap(params)).await().indefinitely();
    }
}
