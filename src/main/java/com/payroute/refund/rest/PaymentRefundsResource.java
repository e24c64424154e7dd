package com.payroute.refund.rest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.payroute.api.ApiException;
import com.payroute.refund.RefundIntake;
import com.payroute.refund.RefundLookup;
import com.payroute.refund.RefundRequestReader;
import com.payroute.refund.RefundView;
import com.payroute.security.Admission;
import com.payroute.security.CredentialIdentityProvider;
import com.payroute.security.MerchantAccess;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** A payment's refunds (API.md section 1, "Refunds"). */
@Path("/v1/payments/{paymentId}/refunds")
@Tag(name = "refunds")
@RolesAllowed(CredentialIdentityProvider.MERCHANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class PaymentRefundsResource {

    private final RefundRequestReader reader;
    private final RefundIntake intake;
    private final RefundLookup lookup;
    private final SecurityIdentity identity;
    private final MerchantAccess access;
    private final Admission admission;

    PaymentRefundsResource(RefundRequestReader reader, RefundIntake intake, RefundLookup lookup, SecurityIdentity identity,
            MerchantAccess access, Admission admission) {
        this.admission = admission;
        this.reader = reader;
        this.intake = intake;
        this.lookup = lookup;
        this.identity = identity;
        this.access = access;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Refund part or all of a SUCCEEDED DEBIT through the channel that charged it (idempotent on merchantRefundNo)")
    @Cancellable(false) // a caller that hangs up must not cut the work short between the commit and the publish
    public Uni<Response> create(@PathParam("paymentId") String paymentId, byte[] body) {
        String merchantId = access.merchantId(identity);
        var request = reader.read(body);
        return admission.admit(identity, false, () -> intake.accept(merchantId, paymentId, request)).map(accepted -> Response
                .status(accepted.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .entity(RefundView.of(accepted.refund()))
                .location(URI.create("/v1/refunds/" + accepted.refund().id()))
                .build());
    }

    @GET
    @Operation(summary = "A payment's refunds, oldest first")
    public Uni<List<RefundView>> list(@PathParam("paymentId") String paymentId) {
        return lookup.ofPayment(access.merchantId(identity), paymentId)
                .map(found -> found.orElseThrow(() -> ApiException.notFound("payment")).stream().map(RefundView::of).toList());
    }
}
