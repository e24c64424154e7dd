package com.payroute.database;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Statements that commit on their own, run through {@link GroupCommit} with a lane per statement:
 * the worker path's claims and endings of many payments share transactions when they come together.
 * Alone, a statement still commits on its own, in one round trip. Only for statements whose effect is
 * all that matters: in a group they see the effects of the group's statements before them.
 */
@ApplicationScoped
public class StatementGroups {

    private record Statement(String sql, Tuple params) {
    }

    private final GroupCommit<Statement, RowSet<Row>> groups;

    StatementGroups(Pool pool, DatabaseConfig config, MeterRegistry meters) {
        this.groups = new GroupCommit<>(pool, config, meters, "statement", StatementGroups::executed,
                statement -> pool.preparedQuery(statement.sql()).execute(statement.params()));
    }

    /** Executes {@code sql} and commits it, alone or with others of the same statement: its rows once committed. */
    public Uni<RowSet<Row>> execute(String sql, Tuple params) {
        return groups.submit(sql, new Statement(sql, params));
    }

    private static Uni<List<RowSet<Row>>> executed(SqlConnection conn, List<Statement> group) {
        List<Uni<RowSet<Row>>> statements = new ArrayList<>(group.size());
        for (Statement statement : group) {
            statements.add(conn.preparedQuery(statement.sql()).execute(statement.params()));
        }
        return Uni.combine().all().unis(statements).with(results -> {
            List<RowSet<Row>> rows = new ArrayList<>(results.size());
            for (Object result : results) {
                @SuppressWarnings("unchecked")
                RowSet<Row> set = (RowSet<Row>) result;
                rows.add(set);
            }
            return rows;
        });
    }
}
