package com.payroute.review.rest;

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

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.payroute.api.ApiException;
import com.payroute.api.FieldError;
import com.payroute.review.ReviewDecisions;
import com.payroute.review.ReviewView;
import com.payroute.review.Reviews;
import com.payroute.security.OpsCredentials;
import com.payroute.api.QueryParams;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** API.md section 3, "Reviews": the two-person rule. */
@Path("/admin/reviews")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewResource {

    private static final Set<String> STATUSES = Set.of("PENDING", "APPROVED", "REJECTED");

    /** The body of approve and reject: an optional note, kept with the decision. */
    public record DecisionNote(String note) {
    }

    private final Reviews reviews;
    private final ReviewDecisions decisions;
    private final SecurityIdentity identity;

    ReviewResource(Reviews reviews, ReviewDecisions decisions, SecurityIdentity identity) {
        this.reviews = reviews;
        this.decisions = decisions;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({ OpsCredentials.OPS, OpsCredentials.VIEWER })
    public Uni<List<ReviewView>> list(@QueryParam("status") String status, @QueryParam("target") String target,
            @QueryParam("kind") String kind, @QueryParam("limit") String limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.validation(List.of(new FieldError("status", "must be PENDING, APPROVED or REJECTED")));
        }
        return reviews.list(status, target, kind, QueryParams.limit(limit, 50)).map(rows -> rows.stream().map(ReviewView::of).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ OpsCredentials.OPS, OpsCredentials.VIEWER })
    public Uni<ReviewView> get(@PathParam("id") String id) {
        return reviews.find(id).map(found -> ReviewView.of(found.orElseThrow(() -> ApiException.notFound("review"))));
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.WILDCARD)
    @Cancellable(false) // a decision runs to its end (decision, effect, audit, publish) even if the caller hangs up
    @RolesAllowed(OpsCredentials.OPS)
    public Uni<ReviewView> approve(@PathParam("id") String id, DecisionNote body) {
        return decisions.approve(id, identity.getPrincipal().getName(), note(body)).map(ReviewView::of);
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.WILDCARD)
    @Cancellable(false)
    @RolesAllowed(OpsCredentials.OPS)
    public Uni<ReviewView> reject(@PathParam("id") String id, DecisionNote body) {
        return decisions.reject(id, identity.getPrincipal().getName(), note(body)).map(ReviewView::of);
    }

    private static String note(DecisionNote body) {
        String note = body == null ? null : body.note();
        if (note != null && note.length() > 1000) {
            throw ApiException.validation(List.of(new FieldError("note", "must be at most 1000 characters")));
        }
        return note;
    }
}
