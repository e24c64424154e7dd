package com.payroute.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document, the body of every error answer. {@code paymentId} is set
 * only where the problem concerns a stored payment (NO_ROUTE, IDEMPOTENCY_MISMATCH,
 * DUPLICATE_SUSPECTED), {@code refundId} where it concerns a stored refund.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, String code,
        List<FieldError> errors, String paymentId, String refundId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ErrorCode code, String detail) {
        return new Problem(code.typeUri(), code.title(), code.status(), detail, code.name(), List.of(), null, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, code, List.copyOf(fieldErrors), paymentId, refundId);
    }

    public Problem withPaymentId(String id) {
        return new Problem(type, title, status, detail, code, errors, id, refundId);
    }

    public Problem withRefundId(String id) {
        return new Problem(type, title, status, detail, code, errors, paymentId, id);
    }
}
