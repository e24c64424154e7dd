package com.payroute.admin;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.payroute.api.ApiException;
import com.payroute.channel.ChannelRegistry;
import com.payroute.review.ReviewRow;
import com.payroute.review.ReviewView;
import com.payroute.security.OpsCredentials;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** API.md section 3: channels, seen and steered at runtime. */
@Path("/admin/channels")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelAdminResource {

    private final ChannelStates states;
    private final ChannelCatalog catalog;
    private final ChannelAccounts accounts;
    private final ChannelRegistry registry;
    private final SecurityIdentity identity;

    ChannelAdminResource(ChannelStates states, ChannelCatalog catalog, ChannelAccounts accounts, ChannelRegistry registry,
            SecurityIdentity identity) {
        this.states = states;
        this.catalog = catalog;
        this.accounts = accounts;
        this.registry = registry;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({ OpsCredentials.OPS, OpsCredentials.VIEWER })
    public Uni<List<ChannelView>> list() {
        return states.all();
    }

    @GET
    @Path("/{code}")
    @RolesAllowed({ OpsCredentials.OPS, OpsCredentials.VIEWER })
    public Uni<ChannelView> get(@PathParam("code") String code) {
        return states.one(registry.find(code).orElseThrow(() -> ApiException.notFound("channel")));
    }

    @PATCH
    @Cancellable(false) // an ops action runs to its end (write, audit, publish) even if the caller hangs up
    @Path("/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(OpsCredentials.OPS)
    public Uni<Response> change(@PathParam("code") String code, ChannelChange change) {
        return catalog.update(code, change, identity.getPrincipal().getName())
                .chain(update -> update.review() != null ? Uni.createFrom().item(reviewed(update.review()))
                        : states.one(update.channel()).map(view -> Response.ok(view).build()));
    }

    @POST
    @Cancellable(false) // an ops action runs to its end (write, audit, publish) even if the caller hangs up
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(OpsCredentials.OPS)
    public Uni<Response> create(NewChannel channel) {
        return catalog.requestCreate(channel, identity.getPrincipal().getName()).map(ChannelAdminResource::reviewed);
    }

    /** A change that waits for two people: 202 with its review. */
    private static Response reviewed(ReviewRow review) {
        return Response.accepted(ReviewView.of(review)).location(URI.create("/admin/reviews/" + review.id())).build();
    }

    @GET
    @Path("/{code}/accounts")
    @RolesAllowed({ OpsCredentials.OPS, OpsCredentials.VIEWER })
    public Uni<List<ChannelView.Account>> accounts(@PathParam("code") String code) {
        return get(code).map(ChannelView::accounts);
    }

    @POST
    @Cancellable(false) // an ops action runs to its end (write, audit, publish) even if the caller hangs up
    @Path("/{code}/accounts")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(OpsCredentials.OPS)
    public Uni<Response> addAccount(@PathParam("code") String code, AccountChange account) {
        return accounts.create(code, account, identity.getPrincipal().getName()).chain(states::one)
                .map(view -> Response.created(URI.create("/admin/channels/" + code + "/accounts/" + account.accountNo()))
                        .entity(view).build());
    }

    @PATCH
    @Cancellable(false) // an ops action runs to its end (write, audit, publish) even if the caller hangs up
    @Path("/{code}/accounts/{accountNo}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(OpsCredentials.OPS)
    public Uni<Response> changeAccount(@PathParam("code") String code, @PathParam("accountNo") String accountNo,
            AccountChange change) {
        return accounts.update(code, accountNo, change, identity.getPrincipal().getName())
                .chain(update -> update.review() != null ? Uni.createFrom().item(reviewed(update.review()))
                        : states.one(update.channel()).map(view -> Response.ok(view).build()));
    }

    @PUT
    @Cancellable(false) // an ops action runs to its end (write, audit, publish) even if the caller hangs up
    @Path("/{code}/bindings/{merchantId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(OpsCredentials.OPS)
    public Uni<ChannelView> bind(@PathParam("code") String code, @PathParam("merchantId") String merchantId, Binding binding) {
        return accounts.bind(code, merchantId, binding, identity.getPrincipal().getName()).chain(states::one);
    }
}
