package com.payroute.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.payroute.security.OpsCredentials;
import com.payroute.api.QueryParams;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The audit log, read-only: who changed what, when, before and after. Newest first. */
@Path("/admin/audit")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @RegisterForReflection
    public record AuditView(long id, OffsetDateTime at, String actor, String action, String target,
            @JsonRawValue String before, @JsonRawValue String after) {
    }

    @GET
    @WithSession
    @RolesAllowed({ OpsCredentials.OPS, OpsCredentials.VIEWER })
    public Uni<List<AuditView>> list(@QueryParam("target") String target, @QueryParam("limit") String limit) {
        int max = QueryParams.limit(limit, 100);
        var query = target == null ? AuditEntry.<AuditEntry>find("order by id desc")
                : AuditEntry.<AuditEntry>find("target = :target order by id desc", Map.of("target", target));
        return query.page(0, max).list()
                .map(entries -> entries.stream()
                        .map(e -> new AuditView(e.id, e.at, e.actor, e.action, e.target, e.before, e.after)).toList());
    }
}
