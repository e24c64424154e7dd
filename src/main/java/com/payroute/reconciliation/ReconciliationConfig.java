package com.payroute.reconciliation;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.reconciliation")
public interface ReconciliationConfig {

    /** How often each replica opens the day's runs and runs those whose statement is due. */
    @WithDefault("1m")
    Duration interval();

    /** Whether every channel's previous accounting day is reconciled by itself (on-demand runs are always possible). */
    @WithDefault("true")
    boolean daily();

    /** A statement that answered 404 (not ready) is asked for again after this. */
    @WithDefault("30m")
    Duration fetchRetry();

    /** Still no statement this long after the accounting day ended: reported missing (未回盘, alert StatementMissing). */
    @WithDefault("12h")
    Duration statementDeadline();

    /** A run RUNNING this long lost its replica and may be taken over. */
    @WithDefault("15m")
    Duration staleRun();

    /** Statement timeout of the statements that load and compare a day (one connection, off the event loop). */
    @WithDefault("5m")
    Duration statementTimeout();

    /** The daily re-query (补单) of what is still open after its query schedule ran out. */
    DailyRequery dailyRequery();

    interface DailyRequery {
        /** On how many days it is asked again before it is left to reconciliation and ops (at least two). */
        @WithDefault("2")
        int days();

        /** How long after its last query it is asked again. */
        @WithDefault("24h")
        Duration every();
    }
}
