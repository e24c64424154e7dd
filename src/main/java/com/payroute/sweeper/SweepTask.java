package com.payroute.sweeper;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * One distinct repair the sweeper makes on every sweep (killbill's janitor: one small task per
 * repair), owned by the package whose state it repairs.
 */
public interface SweepTask {

    /** Names the repair in logs and in {@code payroute_sweeper_actions_total{action}}. */
    String action();

    /**
     * Finds what needs this repair, in the sweep's transaction, and marks it (conditional updates,
     * bounded by {@code payroute.sweeper.batch}). Returns the messages to send once that transaction
     * committed: lazy Unis, one per repaired item, each never failing.
     */
    Uni<List<Uni<?>>> sweep(SqlConnection conn);
}
