package com.payroute.audit;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes the audit trail of ops changes: who, when, what, before and after. Always inside the
 * transaction of the change itself, so a change without its audit row cannot exist. The table
 * is append-only (a trigger refuses updates and deletes) and the API only reads it.
 */
@ApplicationScoped
public class AuditLog {

    public Uni<Void> record(SqlConnection conn, String actor, String action, String target, JsonObject before, JsonObject after) {
        return conn.preparedQuery("insert into audit_log (actor, action, target, before, after) values ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(actor, action, target, before, after))
                .replaceWithVoid();
    }
}
