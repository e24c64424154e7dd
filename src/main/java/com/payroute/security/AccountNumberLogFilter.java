package com.payroute.security;

import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

import com.payroute.failure.Causes;

import io.quarkus.logging.LoggingFilter;

/**
 * Defence in depth for "card numbers never appear in logs": whatever a log line or the message
 * of an attached exception says, a digit run shaped like an account number leaves masked.
 * Configured on every handler (quarkus.log.*.filter).
 */
@LoggingFilter(name = "mask-account-numbers")
public final class AccountNumberLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        String formatted = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        if (AccountNumberMask.containsAccountNumber(formatted)) {
            String masked = AccountNumberMask.maskAll(formatted);
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(masked);
            }
            record.setParameters(null);
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && chainMentionsAccountNumber(thrown)) {
            record.setThrown(MaskedThrowable.of(thrown));
        }
        return true;
    }

    private static boolean chainMentionsAccountNumber(Throwable thrown) {
        return Causes.any(thrown, t -> AccountNumberMask.containsAccountNumber(t.getMessage()));
    }

    /** Stands in for an exception whose message held an account number: same type name and stack. */
    static final class MaskedThrowable extends RuntimeException {
        private final String typeName;

        private MaskedThrowable(String typeName, String message, Throwable cause) {
            super(message, cause, false, false);
            this.typeName = typeName;
        }

        /** The whole chain masked, built from its innermost cause out (a looping chain ends where it loops). */
        static MaskedThrowable of(Throwable original) {
            List<Throwable> chain = Causes.of(original);
            MaskedThrowable masked = null;
            for (int i = chain.size() - 1; i >= 0; i--) {
                Throwable t = chain.get(i);
                masked = new MaskedThrowable(t.getClass().getName(), AccountNumberMask.maskAll(t.getMessage()), masked);
                masked.setStackTrace(t.getStackTrace());
            }
            return masked;
        }

        @Override
        public String toString() {
            String message = getLocalizedMessage();
            return message == null ? typeName : typeName + ": " + message;
        }
    }
}
