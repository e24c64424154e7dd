package com.payroute.channel;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import com.payroute.security.AccountNumberMask;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What one call to a channel established, in the only terms that matter for money:
 * <ul>
 * <li>SUCCEEDED / FAILED: definitive, terminal.</li>
 * <li>PROCESSING: the channel took the order and will settle it later: query, never resend.</li>
 * <li>NOT_TAKEN: the order certainly did not reach the channel's books (busy 429, connection
 * never established, circuit open): safe to send elsewhere.</li>
 * <li>AMBIGUOUS: money may have moved (timeout, 5xx, reset, anything unexpected): query only.</li>
 * <li>NOT_FOUND: a query's 404. By itself it proves nothing (real channels answer it for orders
 * still on their way into their ledger): only the not-found rule of API.md section 2 turns it
 * into "never taken".</li>
 * </ul>
 */
public record CallOutcome(Kind kind, String code, String message, Integer httpStatus, Long latencyMs) {

    public enum Kind {
        SUCCEEDED, FAILED, PROCESSING, NOT_TAKEN, AMBIGUOUS, NOT_FOUND;

        public boolean definitive() {
            return this == SUCCEEDED || this == FAILED;
        }
    }

    public static final String DUPLICATE_ORDER = "DUPLICATE_ORDER";
    /** A call that failed in a way none of the known ones explains (the exception's class is the message). */
    public static final String IO_ERROR = "IO_ERROR";

    /**
     * The first parameters of every statement that records an outcome on the row it belongs to (an
     * attempt, a refund): $1 the row's id, $2 its new status, $3 code, $4 message (channel text,
     * account numbers masked), $5 HTTP status, $6 latency in milliseconds. Callers add their own.
     */
    public Tuple recordedAs(String id, String status) {
        return Tuple.tuple()
                .addString(id)
                .addString(status)
                .addString(code)
                .addString(AccountNumberMask.channelText(message))
                .addInteger(httpStatus)
                .addInteger(latencyMs == null ? null : (int) Math.min(Integer.MAX_VALUE, latencyMs));
    }

    /**
     * The channel acknowledged the order (200 PROCESSING, or 409: it has it already). Such an order
     * is never "not taken", whatever a later query says.
     */
    public boolean acknowledges() {
        return kind == Kind.PROCESSING || DUPLICATE_ORDER.equals(code);
    }

    /** Classifies the reply to {@code POST /orders} (or {@code POST /refunds}, whose number is {@code orderNo}). */
    public static CallOutcome ofSubmit(ChannelReply reply, String orderNo) {
        return switch (reply.httpStatus()) {
            case 200 -> ofOrderBody(reply, orderNo);
            case 429 -> new CallOutcome(Kind.NOT_TAKEN, "CHANNEL_BUSY", "channel asked to reduce frequency", 429, reply.latencyMs());
            case 409 -> new CallOutcome(Kind.AMBIGUOUS, DUPLICATE_ORDER, "channel already has this order", 409, reply.latencyMs());
            default -> new CallOutcome(Kind.AMBIGUOUS, "UNEXPECTED_HTTP_" + reply.httpStatus(), reply.message(),
                    reply.httpStatus(), reply.latencyMs());
        };
    }

    /** Classifies the reply to {@code GET /orders/{orderNo}} (or {@code GET /refunds/{refundNo}}). */
    public static CallOutcome ofQuery(ChannelReply reply, String orderNo) {
        return switch (reply.httpStatus()) {
            case 200 -> ofOrderBody(reply, orderNo);
            case 404 -> new CallOutcome(Kind.NOT_FOUND, "ORDER_NOT_FOUND", "channel does not know the order (yet)", 404,
                    reply.latencyMs());
            default -> new CallOutcome(Kind.AMBIGUOUS, "UNEXPECTED_HTTP_" + reply.httpStatus(), reply.message(),
                    reply.httpStatus(), reply.latencyMs());
        };
    }

    /**
     * Classifies a query that produced no reply. Whatever the reason (timeout, 5xx, circuit open,
     * no connection), the channel said nothing about the order: never read as "not taken".
     */
    public static CallOutcome ofQueryFailure(Throwable failure, long latencyMs) {
        CallOutcome submitView = ofFailure(failure, latencyMs);
        return submitView.kind() == Kind.AMBIGUOUS ? submitView
                : new CallOutcome(Kind.AMBIGUOUS, "NO_ANSWER_" + submitView.code(), "query not answered", null, latencyMs);
    }

    /** Classifies a submission that produced no usable reply. */
    public static CallOutcome ofFailure(Throwable failure, long latencyMs) {
        if (failure instanceof com.payroute.outbound.Destinations.Refused) {
            // refused before any connection: nothing was sent
            return new CallOutcome(Kind.NOT_TAKEN, "DESTINATION_REFUSED", failure.getMessage(), null, 0L);
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return new CallOutcome(Kind.NOT_TAKEN, "CIRCUIT_OPEN", "circuit open, channel not called", null, 0L);
        }
        if (failure instanceof ConnectException || isConnectionWait(failure)) {
            // No connection was ever established, so no request byte reached the channel.
            return new CallOutcome(Kind.NOT_TAKEN, "CONNECT_FAILED", "could not connect to channel", null, latencyMs);
        }
        if (failure instanceof ChannelServerError serverError) {
            return new CallOutcome(Kind.AMBIGUOUS, "HTTP_" + serverError.httpStatus(), "channel server error",
                    serverError.httpStatus(), latencyMs);
        }
        if (failure instanceof TimeoutException) {
            return new CallOutcome(Kind.AMBIGUOUS, "TIMEOUT", "channel did not answer in time", null, latencyMs);
        }
        return new CallOutcome(Kind.AMBIGUOUS, IO_ERROR, failure.getClass().getSimpleName(), null, latencyMs);
    }

    private static boolean isConnectionWait(Throwable failure) {
        // Vert.x: "The timeout of N ms has been exceeded when getting a connection to ..."
        return failure instanceof TimeoutException && String.valueOf(failure.getMessage()).contains("getting a connection");
    }

    private static CallOutcome ofOrderBody(ChannelReply reply, String orderNo) {
        if (reply.reference() != null && !reply.reference().equals(orderNo)) {
            return new CallOutcome(Kind.AMBIGUOUS, "WRONG_ORDER_IN_REPLY", "reply names another order", 200, reply.latencyMs());
        }
        String status = reply.status() == null ? "" : reply.status();
        return switch (status) {
            case "SUCCEEDED" -> new CallOutcome(Kind.SUCCEEDED, reply.code(), reply.message(), 200, reply.latencyMs());
            case "FAILED" -> new CallOutcome(Kind.FAILED, reply.code(), reply.message(), 200, reply.latencyMs());
            case "PROCESSING" -> new CallOutcome(Kind.PROCESSING, reply.code(), reply.message(), 200, reply.latencyMs());
            default -> new CallOutcome(Kind.AMBIGUOUS, "MALFORMED_REPLY", "no order status in reply", 200, reply.latencyMs());
        };
    }
}
