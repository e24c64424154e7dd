package com.payroute.review;

import java.time.OffsetDateTime;
import java.util.List;

import io.vertx.core.json.JsonObject;

/**
 * A review as stored: what it would do ({@code action}, read by the package that owns the target),
 * who asked, and every decision so far.
 */
public record ReviewRow(String id, String kind, String target, String summary, JsonObject action, String status,
        String requestedBy, int requiredApprovals, OffsetDateTime createdAt, OffsetDateTime decidedAt, List<Decision> decisions) {

    /** One person's decision. */
    public record Decision(String by, String decision, String note, OffsetDateTime at) {
    }

    static final String COLUMNS = "r.id, r.kind, r.target, r.summary, r.action, r.status, r.requested_by, r.required_approvals, "
            + "r.created_at, r.decided_at, (select coalesce(json_agg(json_build_object('by', d.decided_by, 'decision', d.decision, "
            + "'note', d.note, 'at', d.at) order by d.at), '[]') from review_decision d where d.review_id = r.id) as decisions";

    static ReviewRow of(io.vertx.mutiny.sqlclient.Row row) {
        List<Decision> decisions = new java.util.ArrayList<>();
        for (Object item : (io.vertx.core.json.JsonArray) row.getValue("decisions")) {
            JsonObject d = (JsonObject) item;
            decisions.add(new Decision(d.getString("by"), d.getString("decision"), d.getString("note"),
                    OffsetDateTime.parse(d.getString("at"))));
        }
        Object action = row.getValue("action");
        return new ReviewRow(row.getString("id"), row.getString("kind"), row.getString("target"), row.getString("summary"),
                action instanceof JsonObject json ? json : new JsonObject(String.valueOf(action)), row.getString("status"),
                row.getString("requested_by"), row.getInteger("required_approvals"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("decided_at"), List.copyOf(decisions));
    }

    long approvals() {
        return decisions.stream().filter(d -> "APPROVE".equals(d.decision())).count();
    }
}
