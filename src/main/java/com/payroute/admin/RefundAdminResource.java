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
import com.payroute.api.QueryParams;

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
            @QueryParam("paymentId") String paymentId, @QueryParam("flagged") String flagged,
            @QueryParam("olderThanSeconds") String olderThanSeconds, @QueryParam("limit") String limit) {
        RefundStatus wanted;
        try {
            wanted = status == null ? null : RefundStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(List.of(new FieldError("status", "must be one of " + List.of(RefundStatus.values()))));
        }
        return search.find(new RefundSearch.Filter(wanted, channel, paymentId, QueryParams.flag("flagged", flagged),
                QueryParams.seconds("olderThanSeconds", olderThanSeconds), QueryParams.limit(limit, 50)));
    }
}
