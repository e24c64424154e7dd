package com.payroute.refund.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.payroute.api.ApiException;
import com.payroute.refund.RefundLookup;
import com.payroute.refund.RefundView;
import com.payroute.security.CredentialIdentityProvider;
import com.payroute.security.MerchantAccess;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** A refund by id (API.md section 1, "Refunds"). */
@Path("/v1/refunds")
@Tag(name = "refunds")
@RolesAllowed(CredentialIdentityProvider.MERCHANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class RefundResource {

    private final RefundLookup lookup;
    private final SecurityIdentity identity;
    private final MerchantAccess access;

    RefundResource(RefundLookup lookup, SecurityIdentity identity, MerchantAccess access) {
        this.lookup = lookup;
        this.identity = identity;
        this.access = access;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A refund by id")
    public Uni<RefundView> get(@PathParam("id") String id) {
        return lookup.byId(access.merchantId(identity), id)
                .map(found -> RefundView.of(found.orElseThrow(() -> ApiException.notFound("refund"))));
    }
}
