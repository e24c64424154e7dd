package com.payroute.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class AccountNumberLogFilterTest {

    @Test
    void masksEveryMessageOfTheAttachedChain() {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "call failed", getClass().getName());
        record.setThrown(new IllegalStateException("wrapped", new IOException("refused card 6222021507001069767")));

        assertTrue(new AccountNumberLogFilter().isLoggable(record));

        Throwable outer = record.getThrown();
        assertEquals("java.lang.IllegalStateException: wrapped", outer.toString());
        assertEquals("java.io.IOException: refused card 622202*********9767", outer.getCause().toString());
        assertNull(outer.getCause().getCause());
    }

    /** initCause refuses only a failure as its own cause: a chain through two must still end. */
    @Test
    void aCauseChainThatLoopsEnds() {
        IllegalStateException first = new IllegalStateException("card 6222021507001069767");
        IOException second = new IOException("again", first);
        first.initCause(second);
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "loop", getClass().getName());
        record.setThrown(first);

        assertTrue(new AccountNumberLogFilter().isLoggable(record));

        Throwable masked = record.getThrown();
        assertEquals("java.lang.IllegalStateException: card 622202*********9767", masked.toString());
        assertEquals("java.io.IOException: again", masked.getCause().toString());
        assertNull(masked.getCause().getCause(), "the masked chain stops where the original loops");
    }
}
