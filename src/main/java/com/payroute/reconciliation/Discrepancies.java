package com.payroute.reconciliation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.api.ApiException;
import com.payroute.api.ErrorCode;
import com.payroute.api.FieldError;
import com.payroute.review.ReviewRow;
import com.payroute.review.Reviews;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Discrepancies and the requests to resolve them: REFUND (give back, through the original route, what
 * the channel holds beyond what payroute kept), REQUERY (ask the channel again), WRITE_OFF (handled
 * outside, with a note). A resolution changes money or the books, so it waits for a two-person review:
 * the discrepancy is RESOLVING until then.
 */
@ApplicationScoped
public class Discrepancies {

    static final Set<String> ACTIONS = Set.of("REFUND", "REQUERY", "WRITE_OFF");

    private final Pool pool;
    private final Reviews reviews;

    Discrepancies(Pool pool, Reviews reviews) {
        this.pool = pool;
        this.reviews = reviews;
    }

    /** Null filters do not filter; newest day first. */
    public Uni<List<DiscrepancyRow>> list(String status, String channel, String kind, LocalDate day, int limit) {
        return pool.preparedQuery("select " + DiscrepancyRow.COLUMNS + " from discrepancy where ($1::text is null or status = $1) "
                + "and ($2::text is null or channel_code = $2) and ($3::text is null or kind = $3) and ($4::date is null or day = $4) "
                + "order by day desc, created_at desc, id limit $5")
                .execute(Tuple.of(status, channel, kind, day, limit))
                .map(rows -> {
                    List<DiscrepancyRow> found = new ArrayList<>();
                    rows.forEach(row -> found.add(DiscrepancyRow.of(row)));
                    return found;
                });
    }

    public Uni<Optional<DiscrepancyRow>> find(String id) {
        return pool.preparedQuery("select " + DiscrepancyRow.COLUMNS + " from discrepancy where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(DiscrepancyRow.of(rows.iterator().next())));
    }

    /** Opens the review of a resolution; the discrepancy is RESOLVING meanwhile. */
    public Uni<ReviewRow> requestResolution(String id, String action, String note, String actor) {
        List<FieldError> errors = new ArrayList<>();
        if (action == null || !ACTIONS.contains(action)) {
            errors.add(new FieldError("action", "must be REFUND, REQUERY or WRITE_OFF"));
        }
        if ("WRITE_OFF".equals(action) && (note == null || note.isBlank())) {
            errors.add(new FieldError("note", "is required for a write-off: say how it was handled"));
        }
        if (note != null && note.length() > 1000) {
            errors.add(new FieldError("note", "must be at most 1000 characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return pool.withTransaction(conn -> locked(conn, id).chain(found -> {
            if (!"OPEN".equals(found.status())) {
                throw new ApiException(ErrorCode.CONFLICT, "discrepancy " + id + " is " + found.status() + ", not OPEN");
            }
            if ("REFUND".equals(action) && found.refundable().signum() <= 0) {
                throw new ApiException(ErrorCode.NOT_REFUNDABLE, "the channel holds nothing of " + found.orderNo()
                        + " beyond what payroute kept (" + found.kind() + "): nothing to give back");
            }
            String summary = action + " " + found.kind() + " of " + found.orderNo() + " on " + found.channel() + " (" + found.day()
                    + (("REFUND".equals(action)) ? ", give back " + found.refundable().toPlainString() + " " + found.currency() : "")
                    + ")";
            return conn.preparedQuery("update discrepancy set status = 'RESOLVING', updated_at = now() where id = $1")
                    .execute(Tuple.of(id))
                    .chain(() -> reviews.open(conn, Reviews.DISCREPANCY_RESOLUTION, "discrepancy:" + id, summary,
                            new JsonObject().put("discrepancyId", id).put("action", action).put("note", note), actor))
                    .chain(reviewId -> reviews.find(conn, reviewId));
        }));
    }

    static Uni<DiscrepancyRow> locked(SqlConnection conn, String id) {
        return conn.preparedQuery("select " + DiscrepancyRow.COLUMNS + " from discrepancy where id = $1 for update")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.notFound("discrepancy");
                    }
                    return DiscrepancyRow.of(rows.iterator().next());
                });
    }
}
