package com.payroute.review;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The review body of API.md section 3. {@code approvals} are the approving decisions;
 * {@code rejection}, when there is one, the decision that ended it.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@RegisterForReflection
public record ReviewView(String id, String kind, String target, String summary, String status, String requestedBy,
        int requiredApprovals, List<Decision> approvals, Decision rejection, Object action, Instant createdAt, Instant decidedAt) {

    @RegisterForReflection
    public record Decision(String by, Instant at, String note) {
    }

    public static ReviewView of(ReviewRow r) {
        List<Decision> approvals = r.decisions().stream().filter(d -> "APPROVE".equals(d.decision()))
                .map(d -> new Decision(d.by(), d.at().toInstant(), d.note())).toList();
        Decision rejection = r.decisions().stream().filter(d -> "REJECT".equals(d.decision()))
                .map(d -> new Decision(d.by(), d.at().toInstant(), d.note())).findFirst().orElse(null);
        return new ReviewView(r.id(), r.kind(), r.target(), r.summary(), r.status(), r.requestedBy(), r.requiredApprovals(),
                approvals, rejection, r.action().getMap(), r.createdAt().toInstant(),
                r.decidedAt() == null ? null : r.decidedAt().toInstant());
    }
}
