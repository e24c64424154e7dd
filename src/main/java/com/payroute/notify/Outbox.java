package com.payroute.notify;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.api.Ids;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The callback outbox: an event is written in the very transaction that makes its object terminal,
 * so no callback is lost to a crash. One event per (object, event type), whatever the number of
 * deliveries or replays of what caused it; its id is stable across every try.
 */
@ApplicationScoped
public class Outbox {

    /**
     * Records {@code eventType} of {@code objectId}, sent to the notifyUrl of payment {@code paymentId}
     * (payment and refund events). The event due, or null when that payment has no notifyUrl or the
     * event exists already.
     */
    public Uni<CallbackDue> forPayment(SqlConnection conn, String eventType, String objectId, String paymentId) {
        return conn.preparedQuery("""
                insert into notification (event_id, event_type, object_id, payment_id, merchant_id, url, status, attempts,
                    next_attempt_at, created_at, updated_at)
                select $1, $2, $3, id, merchant_id, notify_url, 'PENDING', 0, now(), now(), now()
                from payment where id = $4 and notify_url is not null
                on conflict (object_id, event_type) do nothing
                returning event_id, merchant_id""")
                .execute(Tuple.of(Ids.event(), eventType, objectId, paymentId))
                .map(Outbox::due);
    }

    /** Records {@code eventType} of {@code objectId} for {@code url} (null: no callback). */
    public Uni<CallbackDue> record(SqlConnection conn, String eventType, String objectId, String merchantId, String url) {
        if (url == null) {
            return Uni.createFrom().nullItem();
        }
        return conn.preparedQuery("""
                insert into notification (event_id, event_type, object_id, merchant_id, url, status, attempts,
                    next_attempt_at, created_at, updated_at)
                values ($1, $2, $3, $4, $5, 'PENDING', 0, now(), now(), now())
                on conflict (object_id, event_type) do nothing
                returning event_id, merchant_id""")
                .execute(Tuple.of(Ids.event(), eventType, objectId, merchantId, url))
                .map(Outbox::due);
    }

    private static CallbackDue due(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        if (rows.rowCount() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        return new CallbackDue(row.getString("event_id"), row.getString("merchant_id"));
    }
}
