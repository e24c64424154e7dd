package com.payroute.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.api.ApiException;
import com.payroute.api.ErrorCode;
import com.payroute.api.Ids;
import com.payroute.audit.AuditLog;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Opens reviews (inside the transaction of whatever asks for one, so a held payment never exists
 * without its review) and reads them. At most one review is pending per target: asking again while
 * one is pending is a 409.
 */
@ApplicationScoped
public class Reviews {

    public static final String PAYOUT_HOLD = "PAYOUT_HOLD";
    public static final String CHANNEL_CHANGE = "CHANNEL_CHANGE";
    public static final String DISCREPANCY_RESOLUTION = "DISCREPANCY_RESOLUTION";
    /** The requester of reviews payroute opens by itself (held payouts): no person, so every approver counts. */
    public static final String SYSTEM = "payroute";

    private final Pool pool;
    private final ReviewConfig config;
    private final AuditLog audit;

    Reviews(Pool pool, ReviewConfig config, AuditLog audit) {
        this.pool = pool;
        this.config = config;
        this.audit = audit;
    }

    /** Opens a pending review of {@code target}; 409 REVIEW_CONFLICT when one is pending already. Its id. */
    public Uni<String> open(SqlConnection conn, String kind, String target, String summary, JsonObject action, String requestedBy) {
        String id = Ids.review();
        return conn.preparedQuery("insert into review (id, kind, target, summary, action, status, requested_by, required_approvals) "
                + "values ($1, $2, $3, $4, $5, 'PENDING', $6, $7) on conflict (target) where status = 'PENDING' do nothing")
                .execute(Tuple.tuple().addString(id).addString(kind).addString(target).addString(summary).addValue(action)
                        .addString(requestedBy).addInteger(config.approvals()))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new ApiException(ErrorCode.REVIEW_CONFLICT, "a review of " + target + " is already pending");
                    }
                    return audit.record(conn, requestedBy, "REVIEW_REQUESTED", "review:" + id, null,
                            new JsonObject().put("kind", kind).put("target", target).put("summary", summary).put("action", action));
                })
                .replaceWith(id);
    }

    /** A review to open with others in one statement (a batch's held payouts). */
    public record Request(String target, String summary, JsonObject action) {
    }

    /** Opens one pending review per request, all of {@code kind}, in one statement, audited alike. */
    public Uni<Void> openAll(SqlConnection conn, String kind, List<Request> requests, String requestedBy) {
        if (requests.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = requests.stream().map(r -> Ids.review()).toArray(String[]::new);
        return conn.preparedQuery("""
                with opened as (
                    insert into review (id, kind, target, summary, action, status, requested_by, required_approvals)
                    select u.id, $2, u.target, u.summary, u.action::jsonb, 'PENDING', $3, $4
                    from unnest($1::text[], $5::text[], $6::text[], $7::text[]) as u(id, target, summary, action)
                    returning id, target, summary, action
                )
                insert into audit_log (actor, action, target, before, after)
                select $3, 'REVIEW_REQUESTED', 'review:' || id, null,
                    jsonb_build_object('kind', $2::text, 'target', target, 'summary', summary, 'action', action)
                from opened""")
                .execute(Tuple.tuple().addArrayOfString(ids).addString(kind).addString(requestedBy).addInteger(config.approvals())
                        .addArrayOfString(requests.stream().map(Request::target).toArray(String[]::new))
                        .addArrayOfString(requests.stream().map(Request::summary).toArray(String[]::new))
                        .addArrayOfString(requests.stream().map(r -> r.action().encode()).toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** A review just opened in {@code conn}'s transaction. */
    public Uni<ReviewRow> find(SqlConnection conn, String id) {
        return conn.preparedQuery("select " + ReviewRow.COLUMNS + " from review r where r.id = $1").execute(Tuple.of(id))
                .map(rows -> ReviewRow.of(rows.iterator().next()));
    }

    public Uni<Optional<ReviewRow>> find(String id) {
        return pool.preparedQuery("select " + ReviewRow.COLUMNS + " from review r where r.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(ReviewRow.of(rows.iterator().next())));
    }

    /** Newest first; null filters do not filter. */
    public Uni<List<ReviewRow>> list(String status, String target, String kind, int limit) {
        return pool.preparedQuery("select " + ReviewRow.COLUMNS + " from review r where ($1::text is null or r.status = $1) "
                + "and ($2::text is null or r.target = $2) and ($3::text is null or r.kind = $3) order by r.created_at desc, r.id desc limit $4")
                .execute(Tuple.of(status, target, kind, limit))
                .map(rows -> {
                    List<ReviewRow> found = new ArrayList<>();
                    rows.forEach(row -> found.add(ReviewRow.of(row)));
                    return found;
                });
    }
}
