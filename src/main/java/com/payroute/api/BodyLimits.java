package com.payroute.api;

import java.io.IOException;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;

import com.payroute.failure.Causes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * How large a request body may be: a batch up to {@link #BATCH_BYTES}, anything else up to
 * {@link #BODY_BYTES}. A body that declares a larger length is refused before a byte of it is read,
 * with 413 problem+json {@code PAYLOAD_TOO_LARGE} and the connection closed; this runs just before
 * the HTTP layer's own check ({@code quarkus.http.limits.max-body-size}, above the batch cap), which
 * would answer an empty 413. The readers count the bytes they got as well: a chunked body declares no
 * length (past the HTTP layer's limit it is cut off by that layer).
 */
@Singleton
public class BodyLimits {

    public static final int BODY_BYTES = 64 * 1024;
    public static final int BATCH_BYTES = 6 * 1024 * 1024;
    private static final String BATCHES = "/v1/batches";
    /** The message of Quarkus' {@code VertxInputStream} for a body past {@code quarkus.http.limits.max-body-size}. */
    private static final String CUT_OFF = "Request too large";

    void declaredLength(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        int cap = context.normalizedPath().startsWith(BATCHES) ? BATCH_BYTES : BODY_BYTES;
        if (length == null || fits(length, cap)) {
            context.next();
            return;
        }
        Problem problem = Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "the body exceeds " + cap + " bytes");
        // The body is not read, so the connection cannot carry another request: closed once answered.
        context.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .endHandler(answered -> context.request().connection().close())
                .end(Json.encode(problem));
    }

    /**
     * Whether {@code failure} is the HTTP layer cutting off a chunked body past its own limit: its input
     * stream then throws a plain {@code IOException("Request too large")} into the body's reader. The
     * client sent too much; nothing is wrong with a dependency.
     */
    public static boolean cutOff(Throwable failure) {
        return Causes.any(failure, t -> t instanceof IOException && CUT_OFF.equals(t.getMessage()));
    }

    private static boolean fits(String length, int cap) {
        try {
            return Long.parseLong(length.strip()) <= cap;
        } catch (NumberFormatException malformed) {
            return true; // the HTTP layer refuses a malformed Content-Length itself
        }
    }
}
