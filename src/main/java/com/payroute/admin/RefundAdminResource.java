package com.payroute.admin;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.payroute.api.ApiException;
import com.payroute.api.FieldError;
import com.payroute.refund.RefundSearch;
import com.payroute.refund.RefundStatus;
import com.payroute.security.OpsCredentials;

import io.smallrye.mutiny.Uni;

/** Refunds for ops, to find stuck or flagged ones: {@code GET /admin/refunds?status=&channel=&paymentId=&flagged=&olderThanSeconds=}. */
@Path("/admin/refunds")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class RefundAdminResource {

    private final RefundSearch search;

    RefundAdminResource(RefundSearch search) {
        this.search = search;
    }

    @GET
    @RolesAllowed({ OpsCredentials.OPS, OpsCredentials.VIEWER })
    public Uni<List<RefundSearch.Detail>> find(@QueryParam("status") String status, @QueryParam("channel") String channel,
            @QueryParam("paymentId") String paymentId, @QueryParam("flagged") Boolean flagged,
            @QueryParam("olderThanSeconds") Long olderThanSeconds, @QueryParam("limit") Integer limit) {
        RefundStatus wanted;
        try {
            wanted = status == null ? null : RefundStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(List.of(new FieldError("status", "must be one of " + List.of(RefundStatus.values()))));
        }
        if (olderThanSeconds != null && (olderThanSeconds < 0 || olderThanSeconds > 10L * 365 * 24 * 3600)) {
            throw ApiException.validation(List.of(new FieldError("olderThanSeconds", "must be between 0 and 315360000")));
        }
        ListLimit.error(limit).ifPresent(error -> {
            throw ApiException.validation(List.of(error));
        });
        return search.find(new RefundSearch.Filter(wanted, channel, paymentId, flagged, olderThanSeconds, ListLimit.orDefault(limit, 50)));
    }
}
