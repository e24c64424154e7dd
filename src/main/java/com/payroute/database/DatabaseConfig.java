package com.payroute.database;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Timeouts and bounds of the reactive PostgreSQL pool: every call to the database has one. */
@ConfigMapping(prefix = "payroute.database")
public interface DatabaseConfig {

    /** A statement running longer is cancelled by PostgreSQL (57014): the request answers 503. */
    @WithDefault("5s")
    Duration statementTimeout();

    /** Waiting longer for a row or table lock fails the statement (55P03) instead of queueing behind it. */
    @WithDefault("2s")
    Duration lockTimeout();

    /** A transaction left idle this long (a stuck client) is ended by PostgreSQL, releasing its locks. */
    @WithDefault("10s")
    Duration idleInTransactionTimeout();

    /** How long a request may wait for a free connection of the pool before it answers 503. */
    @WithDefault("3s")
    Duration poolWait();

    /** Requests waiting for a connection at most; beyond, 503 at once rather than a queue that only grows. */
    @WithDefault("512")
    int maxWaitQueue();

    /** Group commit ({@link GroupCommit}): transactions of one lane running at once; what arrives meanwhile waits and goes together. */
    @WithDefault("4")
    int groupTransactions();

    /**
     * While a transaction of a lane runs, what arrives waits for it to end and then goes together, unless
     * it has waited this long: then a further transaction (up to {@link #groupTransactions()}) takes it.
     * Zero: a further transaction starts at once whenever fewer than that many run.
     */
    @WithDefault("10ms")
    Duration groupPatience();

    /** At most this many members in one group's transaction. 1 runs every member alone. */
    @WithDefault("16")
    int groupSize();
}
