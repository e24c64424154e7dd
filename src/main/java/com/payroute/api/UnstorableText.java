package com.payroute.api;

import java.util.Set;

import org.hibernate.JDBCException;

import com.payroute.failure.Causes;

import io.vertx.pgclient.PgException;

/**
 * PostgreSQL refused a text it cannot store or compare (a NUL character, which neither text nor jsonb
 * holds), as a value or as a search parameter: the caller sent it, so the answer is 400, not an
 * unexpected failure. The readers refuse such text
 * where they know the field; this catches every other free-text field (names, labels, notes).
 */
final class UnstorableText {

    /** 22021 character not in repertoire, 22P05 untranslatable character (jsonb's \u0000). */
    private static final Set<String> STATES = Set.of("22021", "22P05");

    private UnstorableText() {
    }

    static boolean is(Throwable failure) {
        return Causes.any(failure, t -> t instanceof PgException pg && STATES.contains(pg.getSqlState())
                || t instanceof JDBCException hibernate && STATES.contains(hibernate.getSQLState()));
    }
}
