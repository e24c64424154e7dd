package com.payroute.review;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.payroute.api.ApiException;
import com.payroute.api.ErrorCode;
import com.payroute.audit.AuditLog;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Approves and rejects reviews, each decision one transaction holding the review's row lock: the
 * decision row (one per person: a second approval by the same person cannot be stored), the review's
 * status when it is decided, the target's change ({@link ReviewAction}) and the audit row commit
 * together. The requester never approves; a decided review takes no more decisions (409
 * REVIEW_CONFLICT for both).
 */
@ApplicationScoped
public class ReviewDecisions {

    private static final Logger LOG = Logger.getLogger(ReviewDecisions.class);

    private final Pool pool;
    private final AuditLog audit;
    private final Map<String, ReviewAction> actions;

    ReviewDecisions(Pool pool, AuditLog audit, Instance<ReviewAction> actions) {
        this.pool = pool;
        this.audit = audit;
        this.actions = actions.stream().collect(Collectors.toMap(ReviewAction::kind, Function.identity()));
    }

    public Uni<ReviewRow> approve(String reviewId, String actor, String note) {
        return decide(reviewId, actor, note, "APPROVE");
    }

    public Uni<ReviewRow> reject(String reviewId, String actor, String note) {
        return decide(reviewId, actor, note, "REJECT");
    }

    /** A decided (or still pending) review and what its action asks to do after the commit. */
    private record Decided(ReviewRow review, ReviewAction.AfterCommit after) {
    }

    private Uni<ReviewRow> decide(String reviewId, String actor, String note, String decision) {
        return pool.withTransaction(conn -> locked(conn, reviewId).chain(review -> {
            if (!"PENDING".equals(review.status())) {
                throw new ApiException(ErrorCode.REVIEW_CONFLICT, "review " + reviewId + " is already " + review.status());
            }
            if ("APPROVE".equals(decision) && actor.equals(review.requestedBy())) {
                throw new ApiException(ErrorCode.REVIEW_CONFLICT, "the person who asked for a change cannot approve it");
            }
            return conn.preparedQuery("insert into review_decision (review_id, decided_by, decision, note) values ($1, $2, $3, $4) "
                    + "on conflict (review_id, decided_by) do nothing")
                    .execute(Tuple.of(reviewId, actor, decision, note))
                    .chain(rows -> {
                        if (rows.rowCount() == 0) {
                            throw new ApiException(ErrorCode.REVIEW_CONFLICT, actor + " has already decided on review " + reviewId);
                        }
                        return locked(conn, reviewId);
                    })
                    .chain(decided -> conclude(conn, decided, decision))
                    .call(after -> audit.record(conn, actor, "APPROVE".equals(decision) ? "REVIEW_APPROVED" : "REVIEW_REJECTED",
                            "review:" + reviewId, new JsonObject().put("status", review.status()).put("approvals", review.approvals()),
                            new JsonObject().put("status", after.review().status()).put("approvals", after.review().approvals())
                                    .put("note", note)));
        })).call(after -> after.after().run()
                .onFailure().invoke(e -> LOG.warnf("after review %s: %s (the sweeper carries on)", after.review().id(), e.toString()))
                .onFailure().recoverWithNull())
                .map(Decided::review);
    }

    /** Enough approvals: APPROVED and carried out; a rejection: REJECTED; otherwise still pending. */
    private Uni<Decided> conclude(SqlConnection conn, ReviewRow review, String decision) {
        boolean approved = "APPROVE".equals(decision) && review.approvals() >= review.requiredApprovals();
        if (!approved && !"REJECT".equals(decision)) {
            return Uni.createFrom().item(new Decided(review, ReviewAction.AfterCommit.NOTHING));
        }
        String status = approved ? "APPROVED" : "REJECTED";
        ReviewAction action = action(review);
        return conn.preparedQuery("update review set status = $2, decided_at = now() where id = $1 and status = 'PENDING'")
                .execute(Tuple.of(review.id(), status))
                .chain(() -> approved ? action.approved(conn, review) : action.rejected(conn, review))
                .chain(after -> locked(conn, review.id()).map(decided -> new Decided(decided, after)));
    }

    private ReviewAction action(ReviewRow review) {
        ReviewAction action = actions.get(review.kind());
        if (action == null) {
            throw new IllegalStateException("no action for reviews of kind " + review.kind());
        }
        return action;
    }

    private Uni<ReviewRow> locked(SqlConnection conn, String reviewId) {
        return conn.preparedQuery("select " + ReviewRow.COLUMNS + " from review r where r.id = $1 for update of r")
                .execute(Tuple.of(reviewId))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.notFound("review");
                    }
                    return ReviewRow.of(rows.iterator().next());
                });
    }
}
