package com.payroute.reconciliation.rest;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

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

import com.payroute.api.ApiException;
import com.payroute.api.FieldError;
import com.payroute.channel.ChannelRegistry;
import com.payroute.reconciliation.ReconciliationRunner;
import com.payroute.reconciliation.Reconciliations;
import com.payroute.security.OpsCredentials;
import com.payroute.api.QueryParams;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** API.md section 3, "Reconciliation": runs on demand, and every run's counts. */
@Path("/admin/reconciliations")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class ReconciliationResource {

    /** POST body. */
    public record RunRequest(String channel, String day) {
    }

    private final Reconciliations runs;
    private final ReconciliationRunner runner;
    private final ChannelRegistry registry;
    private final SecurityIdentity identity;

    ReconciliationResource(Reconciliations runs, ReconciliationRunner runner, ChannelRegistry registry, SecurityIdentity identity) {
        this.runs = runs;
        this.runner = runner;
        this.registry = registry;
        this.identity = identity;
    }

    /** Starts (or re-runs) the day's run: 202 with it; it runs at once on this replica unless another has it. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Cancellable(false)
    @RolesAllowed(OpsCredentials.OPS)
    public Uni<Response> start(RunRequest request) {
        if (request == null || request.channel() == null) {
            throw ApiException.validation(List.of(new FieldError("channel", "is required")));
        }
        LocalDate day = day(request.day(), true);
        var channel = registry.find(request.channel()).orElseThrow(() -> ApiException.notFound("channel"));
        return runs.request(channel, day, identity.getPrincipal().getName(), true)
                .invoke(run -> runner.run(run.id()).subscribe().with(done -> {
                }, failure -> {
                }))
                .map(run -> Response.accepted(ReconciliationView.of(run)).location(URI.create("/admin/reconciliations/" + run.id()))
                        .build());
    }

    @GET
    @RolesAllowed({ OpsCredentials.OPS, OpsCredentials.VIEWER })
    public Uni<List<ReconciliationView>> list(@QueryParam("channel") String channel, @QueryParam("day") String day,
            @QueryParam("limit") String limit) {
        return runs.list(channel, day(day, false), QueryParams.limit(limit, 50))
                .map(rows -> rows.stream().map(ReconciliationView::of).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ OpsCredentials.OPS, OpsCredentials.VIEWER })
    public Uni<ReconciliationView> get(@PathParam("id") String id) {
        return runs.find(id).map(found -> ReconciliationView.of(found.orElseThrow(() -> ApiException.notFound("reconciliation"))));
    }

    static LocalDate day(String text, boolean required) {
        if (text == null) {
            if (required) {
                throw ApiException.validation(List.of(new FieldError("day", "is required (yyyy-MM-dd)")));
            }
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.validation(List.of(new FieldError("day", "must be yyyy-MM-dd")));
        }
    }
}
