package com.payroute.review;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * What a decided review does to its target, implemented by the package that owns the target (a held
 * payment, a channel, a discrepancy) and chosen by the review's kind. {@link #approved} and
 * {@link #rejected} run inside the transaction that decides the review, so a decision and its effect
 * commit together; what they return runs once that transaction committed (publishing what the change
 * calls for; never failing the decision: the sweeper repairs what is lost).
 */
public interface ReviewAction {

    /** Work to do after the decision committed. */
    interface AfterCommit {
        AfterCommit NOTHING = () -> Uni.createFrom().voidItem();

        Uni<Void> run();
    }

    /** The review kind this action carries out. */
    String kind();

    /** The review reached its approvals: carry out {@code review.action()}. */
    Uni<AfterCommit> approved(SqlConnection conn, ReviewRow review);

    /** Someone rejected it: the target is left as it was, or ends (a held payment fails). */
    Uni<AfterCommit> rejected(SqlConnection conn, ReviewRow review);
}
