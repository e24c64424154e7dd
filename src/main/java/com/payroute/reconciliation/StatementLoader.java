package com.payroute.reconciliation;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.postgresql.PGConnection;

/**
 * Streams a channel's statement into PostgreSQL with COPY, straight from the channel's answer, so a
 * million-line statement never sits in memory; every line gets the run's id from the transaction's
 * setting. Blocking, on the run's JDBC connection and transaction.
 */
final class StatementLoader {

    private StatementLoader() {
    }

    /** Replaces the run's staged lines with the statement's; how many lines it had. */
    static long load(Connection jdbc, String runId, InputStream csv) throws SQLException, IOException {
        try (PreparedStatement setting = jdbc.prepareStatement("select set_config('payroute.reconciliation_id', ?, true)");
                PreparedStatement clear = jdbc.prepareStatement("delete from statement_line where reconciliation_id = ?")) {
            setting.setString(1, runId);
            setting.execute();
            clear.setString(1, runId);
            clear.executeUpdate();
        }
        return jdbc.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "copy statement_line (order_no, type, amount, currency, status, time, original_order_no) "
                        + "from stdin with (format csv, header true)", csv);
    }

    /** The staged lines are only needed while the run compares them. */
    static void clear(Connection jdbc, String runId) throws SQLException {
        try (PreparedStatement clear = jdbc.prepareStatement("delete from statement_line where reconciliation_id = ?")) {
            clear.setString(1, runId);
            clear.executeUpdate();
        }
    }
}
