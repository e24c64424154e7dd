package com.payroute.reconciliation.rest;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.payroute.reconciliation.ReconciliationRow;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The reconciliation body of API.md section 3, with its fetches, deadline and lines. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@RegisterForReflection
public record ReconciliationView(String id, String channel, String day, String status, Map<String, Object> counts,
        Long statementLines, int fetches, Instant deadline, String error, String requestedBy, Instant startedAt, Instant finishedAt) {

    static ReconciliationView of(ReconciliationRow r) {
        return new ReconciliationView(r.id(), r.channel(), r.day().toString(), r.status(), r.counts().getMap(), r.statementLines(),
                r.fetches(), r.deadlineAt().toInstant(), r.error(), r.requestedBy(),
                r.startedAt() == null ? null : r.startedAt().toInstant(), r.finishedAt() == null ? null : r.finishedAt().toInstant());
    }
}
