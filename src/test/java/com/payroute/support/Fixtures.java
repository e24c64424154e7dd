package com.payroute.support;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.payment.Ids;
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
     * last touched {@code ageSeconds} ago (submitted then too, for SUBMITTING).
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
                            submitted_at, next_query_at)
                        values ($1, $2, 1, $3, 'm_demo', $4, now() - $5 * interval '1 second', now() - $5 * interval '1 second',
                            case when $4 = 'ROUTED' then null else now() - $5 * interval '1 second' end,
                            case when $4 in ('UNKNOWN', 'PROCESSING') then now() - $5 * interval '1 second' else null end)""")
                        .execute(Tuple.of(attemptId, paymentId, channel, attemptStatus, ageSeconds))))
                .await().indefinitely();
        return new Stored(paymentId, attemptId);
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

    public long attempts(String paymentId) {
        return pool.preparedQuery("select count(*) from attempt where payment_id = $1").execute(Tuple.of(paymentId))
                .await().indefinitely().iterator().next().getLong(0);
    }

    public void execute(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.wrap(params)).await().indefinitely();
    }
}
