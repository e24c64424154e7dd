package com.payroute.reconciliation;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

/** A reconciliation run of one channel's accounting day, as stored. */
public record ReconciliationRow(String id, String channel, LocalDate day, String status, JsonObject counts, int fetches,
        OffsetDateTime nextFetchAt, OffsetDateTime deadlineAt, Long statementLines, String error, String requestedBy,
        OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt) {

    static final String COLUMNS = "id, channel_code, day, status, counts, fetches, next_fetch_at, deadline_at, statement_lines, "
            + "error, requested_by, created_at, started_at, finished_at";

    static ReconciliationRow of(Row row) {
        Object counts = row.getValue("counts");
        return new ReconciliationRow(row.getString("id"), row.getString("channel_code"), row.getLocalDate("day"),
                row.getString("status"), counts instanceof JsonObject json ? json : new JsonObject(String.valueOf(counts)),
                row.getInteger("fetches"), row.getOffsetDateTime("next_fetch_at"), row.getOffsetDateTime("deadline_at"),
                row.getLong("statement_lines"), row.getString("error"), row.getString("requested_by"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("started_at"), row.getOffsetDateTime("finished_at"));
    }
}
