package com.payroute.api;

/**
 * The stable machine codes of API.md. A code never changes meaning; its HTTP status and
 * title travel with it so every answer that carries the code looks the same.
 */
public enum ErrorCode {
    VALIDATION_FAILED(400, "Request validation failed"),
    MALFORMED_JSON(400, "Malformed JSON"),
    UNAUTHENTICATED(401, "Authentication required"),
    FORBIDDEN(403, "Forbidden"),
    IP_NOT_ALLOWED(403, "Client address not allowed"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    IDEMPOTENCY_MISMATCH(409, "Idempotency key reused with different content"),
    CONFLICT(409, "Conflict"),
    REVIEW_CONFLICT(409, "Review cannot take this decision"),
    DUPLICATE_SUSPECTED(409, "Suspected duplicate payment"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    NO_ROUTE(422, "No channel can route this payment"),
    RATE_LIMITED(429, "Too many requests"),
    NOT_REFUNDABLE(422, "Payment cannot be refunded"),
    REFUND_EXCEEDS_PAYMENT(422, "Refund exceeds what is left of the payment"),
    INTERNAL(500, "Internal error"),
    UNAVAILABLE(503, "Service temporarily unavailable"),
    OVERLOADED(503, "Overloaded: shedding load");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** A URI naming the problem type, as RFC 9457 asks; a URN because it is an identifier, not a page. */
    public String typeUri() {
        return "urn:payroute:problem:" + name().toLowerCase().replace('_', '-');
    }
}
