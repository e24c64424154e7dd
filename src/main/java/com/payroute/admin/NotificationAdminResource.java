package com.payroute.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Duration;
import java.time.OffsetDateTime;
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

import com.payroute.audit.AuditLog;
import com.payroute.api.ApiException;
import com.payroute.api.FieldError;
import com.payroute.notify.CallbackQueue;
import com.payroute.notify.CallbackWorker;
import com.payroute.notify.Notification;
import com.payroute.security.OpsCredentials;
import com.payroute.api.QueryParams;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Callbacks as ops see them: dead ones visible, any of them re-sendable (audited). */
@Path("/admin/notifications")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationAdminResource {

    @RegisterForReflection
    public record NotificationView(String eventId, String eventType, String objectId, String paymentId, String merchantId,
            String url, String status, int attempts, OffsetDateTime nextAttemptAt, Integer lastStatusCode, String lastError,
            OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime deliveredAt) {
        static NotificationView of(Notification n) {
            return new NotificationView(n.eventId, n.eventType, n.objectId, n.paymentId, n.merchantId, n.url, n.status,
                    n.attempts, n.nextAttemptAt,
                    n.lastStatusCode, n.lastError, n.createdAt, n.updatedAt, n.deliveredAt);
        }
    }

    private final Pool pool;
    private final AuditLog audit;
    private final CallbackQueue callbacks;
    private final CallbackWorker worker;
    private final SecurityIdentity identity;

    NotificationAdminResource(Pool pool, AuditLog audit, CallbackQueue callbacks, CallbackWorker worker, SecurityIdentity identity) {
        this.pool = pool;
        this.audit = audit;
        this.callbacks = callbacks;
        this.worker = worker;
        this.identity = identity;
    }

    @GET
    @WithSession
    @RolesAllowed({ OpsCredentials.OPS, OpsCredentials.VIEWER })
    public Uni<List<NotificationView>> list(@QueryParam("status") String status, @QueryParam("merchantId") String merchantId,
            @QueryParam("paymentId") String paymentId, @QueryParam("limit") String limit) {
        if (status != null && !List.of("PENDING", "DELIVERED", "DEAD").contains(status)) {
            throw ApiException.validation(List.of(new FieldError("status", "must be PENDING, DELIVERED or DEAD")));
        }
        int max = QueryParams.limit(limit, 50);
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (status != null) {
            where.append(" and status = :status");
            params.put("status", status);
        }
        if (merchantId != null) {
            where.append(" and merchantId = :merchantId");
            params.put("merchantId", merchantId);
        }
        if (paymentId != null) {
            where.append(" and paymentId = :paymentId");
            params.put("paymentId", paymentId);
        }
        return Notification.<Notification>find(where + " order by updatedAt desc", params)
                .page(0, max).list()
                .map(list -> list.stream().map(NotificationView::of).toList());
    }

    /** Sends the callback again from its first try, on the full schedule (same eventId). */
    @POST
    @Cancellable(false) // an ops action runs to its end (write, audit, publish) even if the caller hangs up
    @Path("/{eventId}/resend")
    @RolesAllowed(OpsCredentials.OPS)
    public Uni<Map<String, Object>> resend(@PathParam("eventId") String eventId) {
        String actor = identity.getPrincipal().getName();
        return pool.withTransaction(conn -> conn.preparedQuery("select merchant_id, status, attempts from notification where event_id = $1 for update")
                .execute(Tuple.of(eventId))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.notFound("notification");
                    }
                    Row row = rows.iterator().next();
                    JsonObject before = new JsonObject().put("status", row.getString("status")).put("attempts", row.getInteger("attempts"));
                    JsonObject after = new JsonObject().put("status", "PENDING").put("attempts", 0);
                    return conn.preparedQuery("update notification set status = 'PENDING', attempts = 0, next_attempt_at = now(), "
                            + "delivered_at = null, last_error = null, updated_at = now() where event_id = $1")
                            .execute(Tuple.of(eventId))
                            .call(() -> audit.record(conn, actor, "NOTIFICATION_RESENT", "notification:" + eventId, before, after))
                            .replaceWith(row.getString("merchant_id"));
                }))
                .invoke(worker::consume)
                .call(merchantId -> callbacks.publish(new CallbackQueue.CallbackTry(eventId, merchantId, 0), Duration.ZERO))
                .map(merchantId -> Map.of("eventId", eventId, "status", "PENDING"));
    }
}
