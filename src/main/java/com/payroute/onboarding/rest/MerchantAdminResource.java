package com.payroute.onboarding.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.payroute.onboarding.ApiKeys;
import com.payroute.onboarding.MerchantChange;
import com.payroute.onboarding.MerchantDirectory;
import com.payroute.onboarding.MerchantView;
import com.payroute.onboarding.NotifySecrets;
import com.payroute.security.OpsCredentials;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** API.md section 3: business lines, their API keys and notify secrets, managed by admins only. */
@Path("/admin/merchants")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(OpsCredentials.ADMIN)
public class MerchantAdminResource {

    /** POST .../keys body. */
    public record NewKey(String label) {
    }

    private final MerchantDirectory merchants;
    private final ApiKeys keys;
    private final NotifySecrets secrets;
    private final SecurityIdentity identity;

    MerchantAdminResource(MerchantDirectory merchants, ApiKeys keys, NotifySecrets secrets, SecurityIdentity identity) {
        this.merchants = merchants;
        this.keys = keys;
        this.secrets = secrets;
        this.identity = identity;
    }

    /** Creates a merchant; the answer carries its notify secret, once. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Cancellable(false)
    public Uni<Response> create(MerchantChange merchant) {
        return merchants.create(merchant, actor())
                .map(created -> Response.created(URI.create("/admin/merchants/" + created.id())).entity(created).build());
    }

    @GET
    @Path("/{id}")
    public Uni<MerchantView> get(@PathParam("id") String id) {
        return merchants.find(id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Cancellable(false)
    public Uni<MerchantView> change(@PathParam("id") String id, MerchantChange change) {
        return merchants.update(id, change, actor());
    }

    /** A new API key, answered once; several may be active. */
    @POST
    @Path("/{id}/keys")
    @Consumes(MediaType.WILDCARD)
    @Cancellable(false)
    public Uni<Response> createKey(@PathParam("id") String id, NewKey body) {
        return keys.create(id, body == null ? null : body.label(), actor())
                .map(key -> Response.created(URI.create("/admin/merchants/" + id + "/keys/" + key.keyId())).entity(key).build());
    }

    @GET
    @Path("/{id}/keys")
    public Uni<List<ApiKeys.KeyView>> listKeys(@PathParam("id") String id) {
        return merchants.find(id).chain(() -> keys.list(id));
    }

    /** Revokes a key on every replica within seconds. */
    @DELETE
    @Path("/{id}/keys/{keyId}")
    @Cancellable(false)
    public Uni<Response> revokeKey(@PathParam("id") String id, @PathParam("keyId") String keyId) {
        return keys.revoke(id, keyId, actor()).replaceWith(Response.noContent().build());
    }

    /** Rotates the notify secret: the new one is answered once; the old one keeps signing beside it for 24 h. */
    @POST
    @Path("/{id}/notify-secret")
    @Consumes(MediaType.WILDCARD)
    @Cancellable(false)
    public Uni<Map<String, Object>> rotate(@PathParam("id") String id) {
        return secrets.rotate(id, actor()).chain(secret -> merchants.find(id).map(m -> Map.of("id", id, "notifySecret", secret,
                "previousSecretSignsUntil", String.valueOf(m.previousSecretSignsUntil()))));
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
