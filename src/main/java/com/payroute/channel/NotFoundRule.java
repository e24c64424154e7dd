package com.payroute.channel;

/**
 * The not-found rule of API.md section 2 as SQL, for any table that records its calls the way a
 * claim does (attempts, refunds: {@code deadline_at}, {@code not_found_grace_ms},
 * {@code not_found_confirm_ms}, {@code acknowledged_at}, {@code not_found_since}, {@code last_query_at}).
 * A query's 404 proves "never taken" only when the channel never acknowledged the order, the query
 * was sent after the grace period (counted from the call's own deadline) and at least the
 * confirmation interval after an earlier such 404. Evaluated on PostgreSQL's clock against the
 * recorded columns, never the channel's current config.
 */
public final class NotFoundRule {

    /** The query now being answered was sent after the grace period. */
    public static final String PAST_GRACE = "last_query_at >= deadline_at + not_found_grace_ms * interval '1 millisecond'";

    /** This 404 proves the order was never taken. */
    public static final String PROVEN = "acknowledged_at is null and " + PAST_GRACE + " and not_found_since is not null "
            + "and last_query_at >= not_found_since + not_found_confirm_ms * interval '1 millisecond'";

    /** The new value of {@code not_found_since} after a 404 that did not prove anything. */
    public static final String NOTE_SINCE = "case when acknowledged_at is null and " + PAST_GRACE
            + " then coalesce(not_found_since, now()) else not_found_since end";

    private NotFoundRule() {
    }
}
