package com.payroute.onboarding.rest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.payroute.onboarding.OpsTokens;
import com.payroute.security.OpsCredentials;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** API.md section 3: ops tokens (each names a person and has a role), managed by admins only. */
@Path("/admin/ops-tokens")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(OpsCredentials.ADMIN)
public class OpsTokenResource {

    /** POST body. */
    public record NewToken(String name, String role) {
    }

    private final OpsTokens tokens;
    private final SecurityIdentity identity;

    OpsTokenResource(OpsTokens tokens, SecurityIdentity identity) {
        this.tokens = tokens;
        this.identity = identity;
    }

    /** A new token, answered once. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Cancellable(false)
    public Uni<Response> create(NewToken body) {
        return tokens.create(body == null ? null : body.name(), body == null ? null : body.role(), identity.getPrincipal().getName())
                .map(token -> Response.created(URI.create("/admin/ops-tokens/" + token.id())).entity(token).build());
    }

    @GET
    public Uni<List<OpsTokens.TokenView>> list() {
        return tokens.list();
    }

    @DELETE
    @Path("/{id}")
    @Cancellable(false)
    public Uni<Response> revoke(@PathParam("id") String id) {
        return tokens.revoke(id, identity.getPrincipal().getName()).replaceWith(Response.noContent().build());
    }
}
