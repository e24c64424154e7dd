package com.payroute.api;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every failure that reaches the HTTP layer into an {@code application/problem+json}
 * answer. Nothing of the exception itself (message, class, SQL) is copied into the body:
 * unexpected failures are logged with an id that the body repeats.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder builder = problem(e.problem());
        if (e.retryAfterSeconds() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        if (e.problem().status() == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(Problem.of(ErrorCode.FORBIDDEN, "this credential may not perform this operation")).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problem(Problem.of(ErrorCode.NOT_FOUND, "no such resource")).build();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return problem(Problem.of(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed on this resource")).build();
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return problem(Problem.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json")).build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return problem(Problem.of(ErrorCode.NOT_ACCEPTABLE, "answers are application/json")).build();
    }

    /** A typed body whose JSON is well formed but whose values have the wrong type. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return problem(Problem.of(ErrorCode.VALIDATION_FAILED, "1 field is invalid")
                .withErrors(List.of(new FieldError(path(e), "has the wrong type")))).build();
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        // The parser's message quotes the input, which may hold an account number: never echo it.
        return problem(Problem.of(ErrorCode.MALFORMED_JSON, "the body is not well-formed JSON")).build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.MALFORMED_JSON;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> null;
        };
        if (code == null) {
            return unexpected(e);
        }
        return code == ErrorCode.UNAUTHENTICATED ? unauthenticated()
                : problem(Problem.of(code, code.title().toLowerCase())).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (BodyLimits.cutOff(e)) {
            return problem(Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "the body exceeds the HTTP layer's limit")).build();
        }
        if (DependencyDown.is(e)) {
            LOG.warnf("a dependency is unreachable: %s", e.toString());
            return problem(Problem.of(ErrorCode.UNAVAILABLE, "a dependency is unavailable, nothing was changed"))
                    .header(HttpHeaders.RETRY_AFTER, 5).build();
        }
        if (UnstorableText.is(e)) {
            return problem(Problem.of(ErrorCode.VALIDATION_FAILED, "1 field is invalid")
                    .withErrors(List.of(new FieldError("$", "a text holds a character that cannot be stored (NUL)")))).build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, incident %s", incident);
        return problem(Problem.of(ErrorCode.INTERNAL, "unexpected failure, incident " + incident)).build();
    }

    private static Response unauthenticated() {
        return problem(Problem.of(ErrorCode.UNAUTHENTICATED, "a valid bearer credential is required"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }

    static Response.ResponseBuilder problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
