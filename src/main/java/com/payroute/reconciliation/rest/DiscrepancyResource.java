package com.payroute.reconciliation.rest;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.payroute.api.ApiException;
import com.payroute.api.FieldError;
import com.payroute.reconciliation.Discrepancies;
import com.payroute.reconciliation.DiscrepancyRow;
import com.payroute.review.ReviewView;
import com.payroute.security.OpsCredentials;
import com.payroute.api.QueryParams;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** API.md section 3: discrepancies, and resolving them through a two-person review. */
@Path("/admin/discrepancies")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class DiscrepancyResource {

    private static final Set<String> STATUSES = Set.of("OPEN", "RESOLVING", "RESOLVED");
    private static final Set<String> KINDS = Set.of("CHANNEL_ONLY", "PAYROUTE_ONLY", "AMOUNT_MISMATCH", "STATUS_MISMATCH",
            "DUPLICATE_CHARGE");

    /** POST .../resolve body. */
    public record Resolution(String action, String note) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @RegisterForReflection
    public record DiscrepancyView(String id, String reconciliationId, String channel, String day, String kind, String orderNo,
            String paymentId, String refundId, String channelAmount, String payrouteAmount, String currency, String channelStatus,
            String payrouteStatus, String status, Map<String, Object> resolution, Instant createdAt, Instant updatedAt) {
        static DiscrepancyView of(DiscrepancyRow d) {
            return new DiscrepancyView(d.id(), d.reconciliationId(), d.channel(), d.day().toString(), d.kind(), d.orderNo(),
                    d.paymentId(), d.refundId(), plain(d.channelAmount()), plain(d.payrouteAmount()), d.currency(), d.channelStatus(),
                    d.payrouteStatus(), d.status(), d.resolution() == null ? null : d.resolution().getMap(),
                    d.createdAt().toInstant(), d.updatedAt().toInstant());
        }

        private static String plain(BigDecimal amount) {
            if (amount == null) {
                return null;
            }
            BigDecimal stripped = amount.stripTrailingZeros();
            return (stripped.scale() < 2 ? stripped.setScale(2) : stripped).toPlainString();
        }
    }

    private final Discrepancies discrepancies;
    private final SecurityIdentity identity;

    DiscrepancyResource(Discrepancies discrepancies, SecurityIdentity identity) {
        this.discrepancies = discrepancies;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({ OpsCredentials.OPS, OpsCredentials.VIEWER })
    public Uni<List<DiscrepancyView>> list(@QueryParam("status") String status, @QueryParam("channel") String channel,
            @QueryParam("kind") String kind, @QueryParam("day") String day, @QueryParam("limit") String limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.validation(List.of(new FieldError("status", "must be OPEN, RESOLVING or RESOLVED")));
        }
        if (kind != null && !KINDS.contains(kind)) {
            throw ApiException.validation(List.of(new FieldError("kind", "must be one of " + KINDS)));
        }
        return discrepancies.list(status, channel, kind, ReconciliationResource.day(day, false), QueryParams.limit(limit, 100))
                .map(rows -> rows.stream().map(DiscrepancyView::of).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ OpsCredentials.OPS, OpsCredentials.VIEWER })
    public Uni<DiscrepancyView> get(@PathParam("id") String id) {
        return discrepancies.find(id).map(found -> DiscrepancyView.of(found.orElseThrow(() -> ApiException.notFound("discrepancy"))));
    }

    /** Opens the review of a resolution: 202 with the review; the discrepancy is RESOLVING until it is decided. */
    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Cancellable(false)
    @RolesAllowed(OpsCredentials.OPS)
    public Uni<Response> resolve(@PathParam("id") String id, Resolution resolution) {
        return discrepancies.requestResolution(id, resolution == null ? null : resolution.action(),
                resolution == null ? null : resolution.note(), identity.getPrincipal().getName())
                .map(review -> Response.accepted(ReviewView.of(review)).location(URI.create("/admin/reviews/" + review.id())).build());
    }
}
