package com.payroute.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

import com.payroute.api.ApiException;
import com.payroute.api.FieldError;
import com.payroute.payment.Attempt;
import com.payroute.money.Money;
import com.payroute.payment.Payment;
import com.payroute.payment.PaymentStatus;
import com.payroute.security.OpsCredentials;
import com.payroute.api.QueryParams;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** API.md section 3: payments with their attempts, for finding stuck ones. */
@Path("/admin/payments")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class PaymentAdminResource {

    @RegisterForReflection
    public record AttemptView(String id, int seq, String channel, String status, String outcomeCode, String outcomeMessage,
            Integer httpStatus, Integer latencyMs, int queryCount, OffsetDateTime nextQueryAt, OffsetDateTime createdAt,
            OffsetDateTime submittedAt, OffsetDateTime finishedAt) {
        static AttemptView of(Attempt a) {
            return new AttemptView(a.id, a.seq, a.channelCode, a.status, a.outcomeCode, a.outcomeMessage, a.httpStatus,
                    a.latencyMs, a.queryCount, a.nextQueryAt, a.createdAt, a.submittedAt, a.finishedAt);
        }
    }

    @RegisterForReflection
    public record PaymentDetail(String id, String merchantId, String merchantOrderNo, String type, String amount, String currency,
            String bankCode, String numberMasked, String status, String failureCode, String failureMessage,
            OffsetDateTime flaggedAt, String flagReason, OffsetDateTime createdAt, OffsetDateTime updatedAt,
            OffsetDateTime completedAt, List<AttemptView> attempts) {
        static PaymentDetail of(Payment p) {
            return new PaymentDetail(p.id, p.merchantId, p.merchantOrderNo, p.type, Money.format(p.amount, p.currency), p.currency,
                    p.bankCode, p.accountMasked, p.status, p.failureCode, p.failureMessage, p.flaggedAt, p.flagReason,
                    p.createdAt, p.updatedAt, p.completedAt, p.attempts.stream().map(AttemptView::of).toList());
        }
    }

    private final Requery requery;
    private final SecurityIdentity identity;

    PaymentAdminResource(Requery requery, SecurityIdentity identity) {
        this.requery = requery;
        this.identity = identity;
    }

    /**
     * Newest first. {@code channel}: payments with an attempt on it; {@code olderThanSeconds}:
     * created at least that long ago; {@code flagged=true}: those flagged for ops.
     */
    @GET
    @WithSession
    @RolesAllowed({ OpsCredentials.OPS, OpsCredentials.VIEWER })
    public Uni<List<PaymentDetail>> search(@QueryParam("status") String status, @QueryParam("channel") String channel,
            @QueryParam("olderThanSeconds") String olderThan, @QueryParam("flagged") String flag,
            @QueryParam("merchantId") String merchantId, @QueryParam("limit") String limit) {
        List<FieldError> errors = new ArrayList<>();
        if (status != null && !List.of("PROCESSING", "SUCCEEDED", "FAILED").contains(status)) {
            errors.add(new FieldError("status", "must be PROCESSING, SUCCEEDED or FAILED"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        Long olderThanSeconds = QueryParams.seconds("olderThanSeconds", olderThan);
        Boolean flagged = QueryParams.flag("flagged", flag);
        int max = QueryParams.limit(limit, 50);
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (status != null) {
            where.append(" and p.status = :status");
            params.put("status", PaymentStatus.valueOf(status).name());
        }
        if (channel != null) {
            where.append(" and exists (select 1 from Attempt a where a.payment = p and a.channelCode = :channel)");
            params.put("channel", channel);
        }
        if (olderThanSeconds != null) {
            where.append(" and p.createdAt < :before");
            params.put("before", OffsetDateTime.now().minusSeconds(olderThanSeconds));
        }
        if (Boolean.TRUE.equals(flagged)) {
            where.append(" and p.flaggedAt is not null");
        }
        if (merchantId != null) {
            where.append(" and p.merchantId = :merchantId");
            params.put("merchantId", merchantId);
        }
        // ids first, page-limited; then those payments with their attempts (no in-memory paging of a fetch join).
        // Payment ids are ULIDs: newest first is a backward walk of the primary key, no index of its own.
        return Payment.<Payment>find("from Payment p where " + where + " order by p.id desc", params)
                .page(0, max).list()
                .chain(page -> page.isEmpty() ? Uni.createFrom().item(List.<Payment>of())
                        : Payment.<Payment>find("select distinct p from Payment p left join fetch p.attempts where p.id in :ids "
                                + "order by p.id desc", Map.of("ids", page.stream().map(p -> p.id).toList())).list())
                .map(payments -> payments.stream().map(PaymentDetail::of).toList());
    }

    @GET
    @Path("/{id}")
    @WithSession
    @RolesAllowed({ OpsCredentials.OPS, OpsCredentials.VIEWER })
    public Uni<PaymentDetail> get(@PathParam("id") String id) {
        // list(), not firstResult(): a row limit on a fetch join is applied in memory, with a WARN per call (HHH90003004)
        return Payment.<Payment>find("select p from Payment p left join fetch p.attempts where p.id = :id", Map.of("id", id))
                .list()
                .map(found -> {
                    if (found.isEmpty()) {
                        throw ApiException.notFound("payment");
                    }
                    return PaymentDetail.of(found.get(0));
                });
    }

    /**
     * Asks the channel once more about the payment's open attempt, now (e.g. after its schedule was
     * exhausted and it was flagged). Never re-sends the order. Audited.
     */
    @POST
    @Cancellable(false) // an ops action runs to its end (write, audit, publish) even if the caller hangs up
    @Path("/{id}/requery")
    @RolesAllowed(OpsCredentials.OPS)
    public Uni<Map<String, Object>> requery(@PathParam("id") String id) {
        return requery.now(id, identity.getPrincipal().getName())
                .map(attemptId -> Map.of("paymentId", id, "attemptId", attemptId, "queried", true));
    }
}
