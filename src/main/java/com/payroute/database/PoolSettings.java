package com.payroute.database;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * Creates the reactive PostgreSQL pool with what Quarkus's configuration cannot say: a bounded wait
 * for a connection and a bounded queue of waiters, and server-side statement, lock and
 * idle-in-transaction timeouts, sent as start-up parameters of every connection; and prepared
 * statements cached whatever their length.
 */
@Singleton
public class PoolSettings implements PgPoolCreator {

    static final int PREPARED_STATEMENT_SQL_LIMIT = 16384;

    private final DatabaseConfig config;

    PoolSettings(DatabaseConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        PoolOptions options = input.poolOptions()
                .setConnectionTimeout((int) config.poolWait().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxWaitQueueSize(config.maxWaitQueue());
        List<PgConnectOptions> connections = input.pgConnectOptionsList();
        List<io.vertx.sqlclient.SqlConnectOptions> targets = List.copyOf(connections);
        for (PgConnectOptions connection : connections) {
            // the client caches (prepares once per connection) only statements up to this length, 2048
            // characters by default: the accept's guarded insert is ~3000, and was parsed and planned on
            // every call, 1 ms of PostgreSQL's CPU per payment (bench/run.sh, pg_stat_statements)
            connection.setPreparedStatementCacheSqlLimit(PREPARED_STATEMENT_SQL_LIMIT);
            connection.addProperty("statement_timeout", Long.toString(config.statementTimeout().toMillis()))
                    .addProperty("lock_timeout", Long.toString(config.lockTimeout().toMillis()))
                    .addProperty("idle_in_transaction_session_timeout", Long.toString(config.idleInTransactionTimeout().toMillis()));
        }
        return PgBuilder.pool().with(options).connectingTo(targets).using(input.vertx()).build();
    }
}
