package com.payroute.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import com.payroute.channel.CallOutcome.Kind;

/** Which answers are safe to send elsewhere (NOT_TAKEN) and which may have moved money (AMBIGUOUS). */
class CallOutcomeTest {

    private static ChannelReply reply(int status, String orderNo, String orderStatus) {
        return new ChannelReply(status, orderNo, orderStatus, "c", "m", 5);
    }

    @Test
    void submitReplies() {
        assertEquals(Kind.SUCCEEDED, CallOutcome.ofSubmit(reply(200, "p1", "SUCCEEDED"), "p1").kind());
        assertEquals(Kind.FAILED, CallOutcome.ofSubmit(reply(200, "p1", "FAILED"), "p1").kind());
        assertEquals(Kind.PROCESSING, CallOutcome.ofSubmit(reply(200, "p1", "PROCESSING"), "p1").kind());
        assertEquals(Kind.NOT_TAKEN, CallOutcome.ofSubmit(reply(429, null, null), "p1").kind());
        assertEquals(Kind.AMBIGUOUS, CallOutcome.ofSubmit(reply(409, null, null), "p1").kind(), "409: taken before, query it");
        assertEquals(Kind.AMBIGUOUS, CallOutcome.ofSubmit(reply(404, null, null), "p1").kind(), "404 on submit proves nothing");
        assertEquals(Kind.AMBIGUOUS, CallOutcome.ofSubmit(reply(400, null, null), "p1").kind());
        assertEquals(Kind.AMBIGUOUS, CallOutcome.ofSubmit(reply(200, "p1", null), "p1").kind(), "no status: unknown");
        assertEquals(Kind.AMBIGUOUS, CallOutcome.ofSubmit(reply(200, "p2", "SUCCEEDED"), "p1").kind(), "another order's answer");
    }

    @Test
    void queryReplies() {
        assertEquals(Kind.NOT_FOUND, CallOutcome.ofQuery(reply(404, null, null), "p1").kind(),
                "a 404 alone proves nothing: the not-found rule decides");
        assertEquals(Kind.SUCCEEDED, CallOutcome.ofQuery(reply(200, "p1", "SUCCEEDED"), "p1").kind());
        assertEquals(Kind.PROCESSING, CallOutcome.ofQuery(reply(200, "p1", "PROCESSING"), "p1").kind());
        assertEquals(Kind.AMBIGUOUS, CallOutcome.ofQuery(reply(429, null, null), "p1").kind(), "a busy query says nothing");
    }

    @Test
    void failures() {
        assertEquals(Kind.AMBIGUOUS, CallOutcome.ofFailure(new TimeoutException("read"), 1).kind());
        assertEquals(Kind.AMBIGUOUS, CallOutcome.ofFailure(new ChannelServerError(503), 1).kind());
        assertEquals(Kind.AMBIGUOUS, CallOutcome.ofFailure(new java.io.IOException("Connection reset"), 1).kind());
        assertEquals(Kind.NOT_TAKEN, CallOutcome.ofFailure(new ConnectException("refused"), 1).kind());
        assertEquals(Kind.NOT_TAKEN, CallOutcome.ofFailure(new TimeoutException(
                "The timeout of 1000 ms has been exceeded when getting a connection to localhost:8081"), 1).kind());
        assertEquals(Kind.NOT_TAKEN, CallOutcome.ofFailure(new CircuitBreakerOpenException("open"), 1).kind());
    }
}
