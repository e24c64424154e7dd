package com.payroute.reconciliation;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonObject;

/**
 * Compares a channel's statement of a day with payroute's attempts and refunds on that channel, as sets
 * in SQL (hash joins over the staged lines, never a loop in Java):
 * <ul>
 * <li>a line charged more than once, or a charge for a payment that succeeded on another channel:
 * DUPLICATE_CHARGE;</li>
 * <li>charged, and payroute's attempt SUCCEEDED with another amount: AMOUNT_MISMATCH; with the same: MATCHED;</li>
 * <li>charged and payroute's attempt still open: settled from it (SETTLED); FAILED and open: settled FAILED;</li>
 * <li>charged while payroute's attempt FAILED, or not charged while it SUCCEEDED: STATUS_MISMATCH;</li>
 * <li>charged and payroute shows no attempt there (never sent, or "not taken"): CHANNEL_ONLY;</li>
 * <li>SUCCEEDED in payroute on that channel and day, and no line at all: PAYROUTE_ONLY.</li>
 * </ul>
 * Refund lines (type REFUND, keyed by refundNo) are compared with refunds the same way. A re-run of the
 * day finds the same discrepancies again (unique per channel, day, kind and order) and drops open ones
 * it no longer finds; those being resolved or resolved stay.
 */
final class Comparison {

    static final List<String> KINDS = List.of("MATCHED", "SETTLED", "CHANNEL_ONLY", "PAYROUTE_ONLY", "AMOUNT_MISMATCH",
            "STATUS_MISMATCH", "DUPLICATE_CHARGE");

    /** An open attempt ("attempt") or refund ("refund") the statement settles. */
    record Settle(String object, String id, boolean succeeded) {
    }

    record Result(JsonObject counts, List<Settle> settle) {
    }

    private static final String CLASSIFY = """
            with lines as (
                select order_no, type = 'REFUND' as refund, min(amount) as amount, min(currency) as currency,
                    count(*) filter (where status = 'SUCCEEDED') as charged, bool_or(status = 'FAILED') as failed
                from statement_line where reconciliation_id = ? group by order_no, type = 'REFUND'
            ), orders as (
                select case
                        when l.charged > 1 then 'DUPLICATE_CHARGE'
                        when l.charged = 1 and a.status = 'SUCCEEDED' and p.amount <> l.amount then 'AMOUNT_MISMATCH'
                        when l.charged = 1 and a.status in ('SUCCEEDED', 'SUBMITTING') then 'MATCHED'
                        when l.charged = 1 and a.status in ('PROCESSING', 'UNKNOWN') then 'SETTLE_SUCCEEDED'
                        when l.charged = 1 and a.status = 'FAILED' then 'STATUS_MISMATCH'
                        when l.charged = 1 and p.status = 'SUCCEEDED' then 'DUPLICATE_CHARGE'
                        when l.charged = 1 then 'CHANNEL_ONLY'
                        when a.status = 'SUCCEEDED' then 'STATUS_MISMATCH'
                        when l.failed and a.status in ('PROCESSING', 'UNKNOWN') then 'SETTLE_FAILED'
                        else 'MATCHED' end as kind,
                    l.order_no, p.id as payment_id, null::text as refund_id, l.amount as channel_amount,
                    p.amount as payroute_amount, coalesce(p.currency, l.currency) as currency,
                    case when l.charged > 0 then 'SUCCEEDED' when l.failed then 'FAILED' else 'PROCESSING' end as channel_status,
                    p.status as payroute_status, 'attempt' as object, a.id as object_id
                from lines l
                left join payment p on p.id = l.order_no
                left join attempt a on a.payment_id = l.order_no and a.channel_code = ?
                where not l.refund
            ), refunds as (
                select case
                        when l.charged > 1 then 'DUPLICATE_CHARGE'
                        when l.charged = 1 and r.status = 'SUCCEEDED' and r.amount <> l.amount then 'AMOUNT_MISMATCH'
                        when l.charged = 1 and r.status in ('SUCCEEDED', 'SUBMITTING') then 'MATCHED'
                        when l.charged = 1 and r.status in ('PROCESSING', 'UNKNOWN') then 'SETTLE_SUCCEEDED'
                        when l.charged = 1 and r.status = 'FAILED' then 'STATUS_MISMATCH'
                        when l.charged = 1 then 'CHANNEL_ONLY'
                        when r.status = 'SUCCEEDED' then 'STATUS_MISMATCH'
                        when l.failed and r.status in ('PROCESSING', 'UNKNOWN') then 'SETTLE_FAILED'
                        else 'MATCHED' end,
                    l.order_no, r.payment_id, r.id, l.amount, r.amount, coalesce(r.currency, l.currency),
                    case when l.charged > 0 then 'SUCCEEDED' when l.failed then 'FAILED' else 'PROCESSING' end, r.status,
                    'refund', r.id
                from lines l
                left join refund r on r.id = l.order_no and r.channel_code = ?
                where l.refund
            ), payroute_only as (
                select 'PAYROUTE_ONLY', a.payment_id, a.payment_id, null::text, null::numeric, p.amount, p.currency, null::text,
                    p.status, 'attempt', a.id
                from attempt a join payment p on p.id = a.payment_id
                where a.channel_code = ? and a.accounting_day = ? and a.status = 'SUCCEEDED'
                  and not exists (select 1 from statement_line s where s.reconciliation_id = ? and s.order_no = a.payment_id)
                union all
                select 'PAYROUTE_ONLY', r.id, r.payment_id, r.id, null::numeric, r.amount, r.currency, null::text, r.status, 'refund', r.id
                from refund r
                where r.channel_code = ? and r.accounting_day = ? and r.status = 'SUCCEEDED'
                  and not exists (select 1 from statement_line s where s.reconciliation_id = ? and s.order_no = r.id)
            ), classified as (
                select * from orders union all select * from refunds union all select * from payroute_only
            ), kept as (
                insert into reconciliation_found (kind, order_no, payment_id, refund_id, channel_amount, payroute_amount, currency,
                    channel_status, payroute_status, object, object_id)
                select * from classified where kind <> 'MATCHED'
            )
            select kind, count(*) from classified group by kind""";

    private Comparison() {
    }

    static Result compare(Connection jdbc, String runId, String channel, LocalDate day) throws SQLException {
        try (PreparedStatement temp = jdbc.prepareStatement("create temp table reconciliation_found (kind text, order_no text, "
                + "payment_id text, refund_id text, channel_amount numeric, payroute_amount numeric, currency text, "
                + "channel_status text, payroute_status text, object text, object_id text) on commit drop")) {
            temp.execute();
        }
        JsonObject counts = Reconciliations.emptyCounts();
        try (PreparedStatement classify = jdbc.prepareStatement(CLASSIFY)) {
            classify.setString(1, runId);
            classify.setString(2, channel);
            classify.setString(3, channel);
            classify.setString(4, channel);
            classify.setDate(5, Date.valueOf(day));
            classify.setString(6, runId);
            classify.setString(7, channel);
            classify.setDate(8, Date.valueOf(day));
            classify.setString(9, runId);
            try (ResultSet rows = classify.executeQuery()) {
                while (rows.next()) {
                    String kind = rows.getString(1).startsWith("SETTLE_") ? "SETTLED" : rows.getString(1);
                    counts.put(kind, counts.getLong(kind, 0L) + rows.getLong(2));
                }
            }
        }
        try (PreparedStatement upsert = jdbc.prepareStatement("""
                insert into discrepancy (id, reconciliation_id, channel_code, day, kind, order_no, payment_id, refund_id,
                    channel_amount, payroute_amount, currency, channel_status, payroute_status, status)
                select 'dsc_' || upper(replace(gen_random_uuid()::text, '-', '')), ?, ?, ?, kind, order_no, payment_id, refund_id,
                    channel_amount, payroute_amount, currency, channel_status, payroute_status, 'OPEN'
                from reconciliation_found where kind not like 'SETTLE_%'
                on conflict (channel_code, day, kind, order_no) do update set reconciliation_id = excluded.reconciliation_id,
                    channel_amount = excluded.channel_amount, payroute_amount = excluded.payroute_amount,
                    channel_status = excluded.channel_status, payroute_status = excluded.payroute_status, updated_at = now()""");
                PreparedStatement stale = jdbc.prepareStatement("""
                        delete from discrepancy d where d.channel_code = ? and d.day = ? and d.status = 'OPEN'
                        and not exists (select 1 from reconciliation_found f where f.kind = d.kind and f.order_no = d.order_no)""")) {
            upsert.setString(1, runId);
            upsert.setString(2, channel);
            upsert.setDate(3, Date.valueOf(day));
            upsert.executeUpdate();
            stale.setString(1, channel);
            stale.setDate(2, Date.valueOf(day));
            stale.executeUpdate();
        }
        List<Settle> settle = new ArrayList<>();
        try (PreparedStatement open = jdbc.prepareStatement(
                "select object, object_id, kind = 'SETTLE_SUCCEEDED' from reconciliation_found where kind like 'SETTLE_%'");
                ResultSet rows = open.executeQuery()) {
            while (rows.next()) {
                settle.add(new Settle(rows.getString(1), rows.getString(2), rows.getBoolean(3)));
            }
        }
        return new Result(counts, settle);
    }
}
