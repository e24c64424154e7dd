package com.payroute.payment;

import java.time.Duration;

import io.smallrye.mutiny.Uni;

/**
 * Starts the query schedule of an attempt that became open (implemented by the query package):
 * an ambiguous or PROCESSING outcome is only ever queried, never sent again.
 */
public interface QueryScheduler {

    /** The delay before an open attempt's first query. */
    Duration firstDelay();

    /** Sends the attempt's first query after {@link #firstDelay()}; reports whether the broker confirmed, never fails. */
    Uni<Boolean> scheduleFirst(ClaimedAttempt attempt);
}
