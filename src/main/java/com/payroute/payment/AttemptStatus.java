package com.payroute.payment;

import java.util.EnumSet;
import java.util.Set;

/**
 * One channel try of a payment.
 *
 * <pre>
 * ROUTED ─claim─▶ SUBMITTING ─▶ SUCCEEDED | FAILED          (definitive answer)
 *    ▲               │      ├─▶ PROCESSING ─query─▶ …        (channel took it, settles later)
 *    └──no permit────┘      ├─▶ UNKNOWN ─query─▶ …           (timeout, 5xx, reset: money may have moved)
 *                           └─▶ NOT_TAKEN                    (429, never connected: next channel)
 * PROCESSING | UNKNOWN ─query─▶ SUCCEEDED | FAILED | NOT_TAKEN (404: never taken)
 * </pre>
 *
 * A payment has at most one open attempt (a partial unique index enforces it), and a new one
 * is created only once the previous is NOT_TAKEN.
 */
public enum AttemptStatus {
    ROUTED,
    SUBMITTING,
    PROCESSING,
    UNKNOWN,
    SUCCEEDED,
    FAILED,
    NOT_TAKEN;

    /** May hold the payment's money at a channel, or be about to. */
    public static final Set<AttemptStatus> OPEN = EnumSet.of(ROUTED, SUBMITTING, PROCESSING, UNKNOWN);

    /** The channel has (or may have) the order: it is only ever queried from here. */
    public static final Set<AttemptStatus> AWAITING_QUERY = EnumSet.of(PROCESSING, UNKNOWN);
}
