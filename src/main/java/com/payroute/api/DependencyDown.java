package com.payroute.api;

import java.net.ConnectException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import com.payroute.failure.Causes;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Whether a failure means "a dependency cannot serve now" (PostgreSQL restarting or unreachable, the
 * pool exhausted, a statement or lock timeout) rather than a bug: such a request answers 503
 * UNAVAILABLE with Retry-After, never 500, and a message handler hands its message back later.
 */
public final class DependencyDown {

    /**
     * SQLSTATEs of a server that cannot serve now: 57P01 admin shutdown, 57P02 crash shutdown, 57P03
     * cannot connect now (starting up), 57014 statement timeout, 55P03 lock timeout, 53xxx out of
     * resources (too many connections), 40001/40P01 serialization failure or deadlock, 25P03
     * idle-in-transaction timeout. Class 08 (connection exceptions) is matched by its prefix.
     */
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "57014", "55P03", "40001", "40P01", "25P03");

    private DependencyDown() {
    }

    public static boolean is(Throwable failure) {
        return Causes.any(failure, DependencyDown::cannotServe);
    }

    private static boolean cannotServe(Throwable t) {
        if (t instanceof PgException pg && pg.getSqlState() != null) {
            String state = pg.getSqlState();
            if (STATES.contains(state) || state.startsWith("08") || state.startsWith("53")) {
                return true;
            }
        }
        if (t instanceof ConnectException || t instanceof ClosedConnectionException || t instanceof TimeoutException
                || t instanceof ConnectionPoolTooBusyException || t instanceof java.io.IOException) {
            return true;
        }
        String message = String.valueOf(t.getMessage());
        return message.contains("Connection refused") || message.contains("Failed to connect")
                || message.contains("Connection is not active") || message.contains("pool is closed")
                || message.contains("Pool closed") || message.contains("Max waiter size") || message.contains("Timeout")
                || message.contains("Connection closed") || message.contains("connection was closed");
    }
}
