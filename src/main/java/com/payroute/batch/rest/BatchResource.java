package com.payroute.batch.rest;

import java.net.URI;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.payroute.api.ApiException;
import com.payroute.api.FieldError;
import com.payroute.batch.BatchIntake;
import com.payroute.batch.BatchLookup;
import com.payroute.batch.BatchRequestReader;
import com.payroute.batch.BatchView;
import com.payroute.payment.PaymentView;
import com.payroute.security.Admission;
import com.payroute.security.CredentialIdentityProvider;
import com.payroute.security.MerchantAccess;
import com.payroute.api.QueryParams;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** API.md section 1, "Batches". */
@Path("/v1/batches")
@Tag(name = "batches")
@RolesAllowed(CredentialIdentityProvider.MERCHANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class BatchResource {

    private static final Set<String> STATUSES = Set.of("ON_HOLD", "PROCESSING", "SUCCEEDED", "FAILED");

    private final BatchRequestReader reader;
    private final BatchIntake intake;
    private final BatchLookup lookup;
    private final SecurityIdentity identity;
    private final MerchantAccess access;
    private final Admission admission;

    BatchResource(BatchRequestReader reader, BatchIntake intake, BatchLookup lookup, SecurityIdentity identity, MerchantAccess access,
            Admission admission) {
        this.admission = admission;
        this.reader = reader;
        this.intake = intake;
        this.lookup = lookup;
        this.identity = identity;
        this.access = access;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a batch of payments (idempotent on merchantBatchNo); each item is checked on its own")
    @Cancellable(false) // a caller that hangs up must not cut the work short between the commit and the routing
    public Uni<Response> create(byte[] body) {
        String merchantId = access.merchantId(identity);
        var request = reader.read(body);
        return admission.admit(identity, false, () -> intake.accept(merchantId, request)).map(accepted -> Response
                .status(accepted.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .entity(BatchView.of(accepted.batch()))
                .location(URI.create("/v1/batches/" + accepted.batch().id()))
                .build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A batch with its counts and amounts per status")
    public Uni<BatchView> get(@PathParam("id") String id) {
        return lookup.byId(access.merchantId(identity), id)
                .map(found -> BatchView.of(found.orElseThrow(() -> ApiException.notFound("batch"))));
    }

    @GET
    @Path("/{id}/items")
    @Operation(summary = "A batch's payments in item order: after the item index given, at most limit (default 100, at most 1000)")
    public Uni<List<PaymentView>> items(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("after") String after, @QueryParam("limit") String limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.validation(List.of(new FieldError("status", "must be ON_HOLD, PROCESSING, SUCCEEDED or FAILED")));
        }
        Long from = QueryParams.whole("after", after, -1, Integer.MAX_VALUE);
        int max = QueryParams.limit(limit, 100, 1000);
        String merchantId = access.merchantId(identity);
        return lookup.byId(merchantId, id).chain(found -> {
            found.orElseThrow(() -> ApiException.notFound("batch"));
            return lookup.items(merchantId, id, status, from == null ? -1 : from.intValue(), max);
        }).map(items -> items.stream().map(PaymentView::of).toList());
    }
}
