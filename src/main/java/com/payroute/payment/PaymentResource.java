package com.payroute.payment;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import com.payroute.api.ErrorCode;
import com.payroute.api.FieldError;
import com.payroute.api.Problem;
import com.payroute.security.Admission;
import com.payroute.security.CredentialIdentityProvider;
import com.payroute.security.MerchantAccess;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The merchant API of API.md section 1. */
@Path("/v1/payments")
@Tag(name = "payments")
@RolesAllowed(CredentialIdentityProvider.MERCHANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

    static final int MAX_WAIT_SECONDS = 30;
    private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*(\\d{1,6})(?:$|[,;\\s])");

    private final PaymentRequestReader reader;
    private final PaymentIntake intake;
    private final PaymentLookup lookup;
    private final TerminalWaiter waiter;
    private final SecurityIdentity identity;
    private final MerchantAccess access;
    private final Admission admission;

    PaymentResource(PaymentRequestReader reader, PaymentIntake intake, PaymentLookup lookup, TerminalWaiter waiter,
            SecurityIdentity identity, MerchantAccess access, Admission admission) {
        this.admission = admission;
        this.reader = reader;
        this.intake = intake;
        this.lookup = lookup;
        this.waiter = waiter;
        this.identity = identity;
        this.access = access;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a payment (idempotent on merchantOrderNo)")
    // A caller that hangs up must not cut the work short between the commit and the publish:
    // its payment would wait for the sweeper instead of going to its channel at once.
    @Cancellable(false)
    public Uni<Response> create(byte[] body, @HeaderParam("Prefer") String prefer) {
        String merchantId = access.merchantId(identity);
        PaymentRequest request = reader.read(body);
        int waitSeconds = waitSeconds(prefer);
        return admission.admit(identity, waitSeconds > 0, () -> intake.accept(merchantId, request).chain(accepted -> {
            PaymentRow payment = accepted.payment();
            if (PaymentIntake.NO_ROUTE.equals(payment.failureCode())) {
                throw new ApiException(Problem.of(ErrorCode.NO_ROUTE, payment.failureMessage()).withPaymentId(payment.id()), null);
            }
            return awaitTerminal(payment, waitSeconds).map(current -> respond(
                    accepted.created() ? Response.Status.ACCEPTED : Response.Status.OK, current, waitSeconds));
        }));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A payment by id")
    public Uni<PaymentView> get(@PathParam("id") String id) {
        return lookup.byId(access.merchantId(identity), id)
                .map(found -> PaymentView.of(found.orElseThrow(() -> ApiException.notFound("payment"))));
    }

    @GET
    @Operation(summary = "A payment by merchantOrderNo")
    public Uni<PaymentView> find(@QueryParam("merchantOrderNo") String merchantOrderNo) {
        if (merchantOrderNo == null || merchantOrderNo.isEmpty()) {
            throw ApiException.validation(List.of(new FieldError("merchantOrderNo", "is required")));
        }
        return lookup.byMerchantOrderNo(access.merchantId(identity), merchantOrderNo)
                .map(found -> PaymentView.of(found.orElseThrow(() -> ApiException.notFound("payment"))));
    }

    private Uni<PaymentRow> awaitTerminal(PaymentRow payment, int waitSeconds) {
        if (waitSeconds <= 0 || payment.status().terminal()) {
            return Uni.createFrom().item(payment);
        }
        TerminalWaiter.Waiting waiting = waiter.register(payment.id());
        return lookup.byId(payment.merchantId(), payment.id())
                .chain(now -> now.isPresent() && now.get().status().terminal()
                        ? Uni.createFrom().voidItem().invoke(waiting::cancel)
                        : waiting.await(Duration.ofSeconds(waitSeconds)))
                .chain(() -> lookup.byId(payment.merchantId(), payment.id()))
                .map(found -> found.orElse(payment));
    }

    private static Response respond(Response.Status status, PaymentRow payment, int waitSeconds) {
        Response.ResponseBuilder builder = Response.status(status)
                .entity(PaymentView.of(payment))
                .location(URI.create("/v1/payments/" + payment.id()));
        if (waitSeconds > 0) {
            builder.header("Preference-Applied", "wait=" + waitSeconds);
        }
        return builder.build();
    }

    /** RFC 7240 {@code Prefer: wait=N}, capped at 30 seconds; anything else is ignored. */
    static int waitSeconds(String prefer) {
        if (prefer == null) {
            return 0;
        }
        Matcher m = WAIT.matcher(prefer.toLowerCase());
        return m.find() ? Math.min(MAX_WAIT_SECONDS, Integer.parseInt(m.group(1))) : 0;
    }
}
