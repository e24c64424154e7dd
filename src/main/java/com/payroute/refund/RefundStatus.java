package com.payroute.refund;

import java.util.EnumSet;
import java.util.Set;

/**
 * A refund's states; {@link RefundTransitions} is the only writer, each change a conditional UPDATE
 * from the states listed here.
 *
 * <pre>
 * ROUTED ──claim──▶ SUBMITTING ──SUCCEEDED / FAILED──────────────▶ SUCCEEDED | FAILED
 *   ▲                   │ ──PROCESSING (acknowledged)──▶ PROCESSING ─┐
 *   │                   │ ──timeout, 5xx, reset, 409──▶ UNKNOWN ─────┤ query steps: SUCCEEDED | FAILED,
 *   │                   │ ──worker lost (sweeper)────▶ UNKNOWN       │ or the next step; never re-sent
 *   ├── not taken (429, no connection, circuit open): the same channel again later
 *   └── a 404 proven by the not-found rule (never acknowledged): sent again to the same channel
 * </pre>
 *
 * Merchants see ROUTED, SUBMITTING, PROCESSING and UNKNOWN as PROCESSING. A refund only ever goes to
 * the channel and account that charged its payment.
 */
public enum RefundStatus {
    ROUTED, SUBMITTING, PROCESSING, UNKNOWN, SUCCEEDED, FAILED;

    /** Open states in which only a query may be made: the money may have moved. */
    public static final Set<RefundStatus> AWAITING_QUERY = EnumSet.of(PROCESSING, UNKNOWN);

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }

    /** What the merchant API shows. */
    public String external() {
        return terminal() ? name() : "PROCESSING";
    }
}
