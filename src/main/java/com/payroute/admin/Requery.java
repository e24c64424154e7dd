package com.payroute.admin;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.audit.AuditLog;
import com.payroute.api.ApiException;
import com.payroute.api.ErrorCode;
import com.payroute.query.QueryQueue;
import com.payroute.query.QueryRequest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Ops asking the channel once more about a payment's open attempt (only ever a query). */
@ApplicationScoped
public class Requery {

    private static final Logger LOG = Logger.getLogger(Requery.class);

    private final Pool pool;
    private final AuditLog audit;
    private final QueryQueue queries;

    Requery(Pool pool, AuditLog audit, QueryQueue queries) {
        this.pool = pool;
        this.audit = audit;
        this.queries = queries;
    }

    /** The attempt queried; 409 when the payment has no open attempt. */
    public Uni<String> now(String paymentId, String actor) {
        return pool.withTransaction(conn -> conn.preparedQuery("update attempt set next_query_at = now(), updated_at = now() "
                + "where payment_id = $1 and status in ('PROCESSING', 'UNKNOWN') "
                + "returning id, merchant_id, channel_code, account_no, query_count, status")
                .execute(Tuple.of(paymentId))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new ApiException(ErrorCode.CONFLICT, "payment " + paymentId + " has no attempt awaiting a query");
                    }
                    Row row = rows.iterator().next();
                    QueryRequest query = new QueryRequest(row.getString("id"), paymentId, row.getString("merchant_id"),
                            row.getString("channel_code"), row.getString("account_no"), row.getInteger("query_count"));
                    JsonObject state = new JsonObject().put("attempt", query.attemptId()).put("channel", query.channelCode())
                            .put("status", row.getString("status")).put("queriesMade", query.step());
                    return audit.record(conn, actor, "PAYMENT_REQUERIED", "payment:" + paymentId, state, state).replaceWith(query);
                }))
                .call(query -> queries.publish(query, Duration.ZERO))
                .invoke(query -> LOG.infof("ops (%s) asked %s again about payment %s", actor, query.channelCode(), paymentId))
                .map(QueryRequest::attemptId);
    }
}
