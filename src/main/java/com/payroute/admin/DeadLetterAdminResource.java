package com.payroute.admin;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.payroute.security.OpsCredentials;
import com.payroute.api.QueryParams;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** What the broker dead-lettered: listed, and replayed one by one (audited). */
@Path("/admin/dead-letters")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterAdminResource {

    private final DeadLetterReplays replays;
    private final SecurityIdentity identity;

    DeadLetterAdminResource(DeadLetterReplays replays, SecurityIdentity identity) {
        this.replays = replays;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({ OpsCredentials.OPS, OpsCredentials.VIEWER })
    public Uni<List<DeadLetterReplays.DeadLetterView>> list(@QueryParam("replayed") String replayed,
            @QueryParam("limit") String limit) {
        return replays.list(QueryParams.flag("replayed", replayed), QueryParams.limit(limit, 50));
    }

    @POST
    @Cancellable(false) // an ops action runs to its end (publish, mark, audit) even if the caller hangs up
    @Path("/{id}/replay")
    @RolesAllowed(OpsCredentials.OPS)
    public Uni<DeadLetterReplays.DeadLetterView> replay(@PathParam("id") long id) {
        return replays.replay(id, identity.getPrincipal().getName());
    }
}
