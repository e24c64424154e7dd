package com.payroute.simulator;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import com.payroute.api.ApiException;
import com.payroute.api.FieldError;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/** API.md section 4: the simulated channels, their behaviour and their ledger. Dev and test only. */
@Path("/sim")
@Tag(name = "simulator")
@jakarta.annotation.security.PermitAll // the simulated channels of dev and test builds; a prod build has none
@IfBuildProfile(anyOf = { "dev", "test", "bench" })
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorResource {

    private static final Set<String> BEHAVIOUR_FIELDS = Set.of("successRate", "latencyMs", "timeoutRate", "down",
            "downMode", "maxConcurrency", "asyncRate", "settleMs", "hangMs", "deduplicate", "visibilityDelayMs", "bookOnAnswer",
            "ghostChargeRate", "statementOmitRate", "statementReadyAfterMs", "timezone", "cutoff", "bankSuccessRates");

    private final Simulator simulator;

    SimulatorResource(Simulator simulator) {
        this.simulator = simulator;
    }

    @POST
    @Path("/channels/{code}/orders")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(@PathParam("code") String code, @HeaderParam("Authorization") String authorization,
            JsonObject order) {
        return simulator.submit(code, authorization, order).map(SimulatorResource::toResponse);
    }

    @GET
    @Path("/channels/{code}/orders/{orderNo}")
    public Uni<Response> query(@PathParam("code") String code, @HeaderParam("Authorization") String authorization,
            @PathParam("orderNo") String orderNo) {
        return simulator.query(code, authorization, orderNo).map(SimulatorResource::toResponse);
    }

    @POST
    @Path("/channels/{code}/refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> refund(@PathParam("code") String code, @HeaderParam("Authorization") String authorization,
            JsonObject refund) {
        return simulator.refund(code, authorization, refund).map(SimulatorResource::toResponse);
    }

    @GET
    @Path("/channels/{code}/refunds/{refundNo}")
    public Uni<Response> queryRefund(@PathParam("code") String code, @HeaderParam("Authorization") String authorization,
            @PathParam("refundNo") String refundNo) {
        return simulator.queryRefund(code, authorization, refundNo).map(SimulatorResource::toResponse);
    }

    @GET
    @Path("/channels/{code}/statements/{day}")
    @Produces("text/csv")
    public Response statement(@PathParam("code") String code, @PathParam("day") String day) {
        LocalDate date;
        try {
            date = LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            throw ApiException.validation(List.of(new FieldError("day", "must be yyyy-MM-dd")));
        }
        return simulator.statement(code, date).map(csv -> Response.ok(csv, "text/csv").build())
                .orElseGet(() -> Response.status(404).entity("{\"code\":\"NOT_READY\",\"message\":\"statement not ready\"}")
                        .type(MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Path("/channels/{code}")
    public JsonObject describe(@PathParam("code") String code) {
        return simulator.describe(code);
    }

    @PUT
    @Path("/channels/{code}/behaviour")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject behave(@PathParam("code") String code, JsonObject changes) {
        for (String field : changes.fieldNames()) {
            if (!BEHAVIOUR_FIELDS.contains(field)) {
                throw ApiException.validation(List.of(new FieldError(field, "is not a behaviour field")));
            }
        }
        JsonObject merged = JsonObject.mapFrom(simulator.behaviour(code)).mergeIn(changes);
        SimBehaviour behaviour;
        try {
            behaviour = merged.mapTo(SimBehaviour.class);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(List.of(new FieldError("behaviour", "has a value of the wrong type")));
        }
        simulator.change(code, behaviour);
        return simulator.describe(code);
    }

    /** Clears one channel's counters (received, queried, peaks, rejected); its orders stay in the ledger. */
    @POST
    @Path("/channels/{code}/reset")
    public Response resetCounters(@PathParam("code") String code) {
        simulator.resetCounters(code);
        return Response.noContent().build();
    }

    @POST
    @Path("/reset")
    public Response reset() {
        simulator.reset();
        return Response.noContent().build();
    }

    /**
     * The whole ledger, or with {@code orderNo} only that order's entries: a test asking about one order
     * late in a long run would otherwise have tens of thousands of entries encoded and parsed.
     */
    @GET
    @Path("/ledger")
    public List<Simulator.LedgerEntry> ledger(@RestQuery String orderNo) {
        return orderNo == null ? simulator.ledger() : simulator.ledger(orderNo);
    }

    /** Every refund any simulated channel took (not in API.md: for tests that count refunds paid back twice). */
    @GET
    @Path("/refunds")
    public List<Simulator.RefundEntry> refunds() {
        return simulator.refunds();
    }

    private static Response toResponse(Simulator.Answer answer) {
        return Response.status(answer.status()).entity(answer.body()).type(MediaType.APPLICATION_JSON).build();
    }
}
