package com.payroute.payment;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import com.payroute.money.PaymentType;

/**
 * The locks that make the duplicate-payment guard race-safe (API.md section 1, "Guards"). A new
 * payment checks "same merchant, account, type and amount within the window" only while holding a
 * PostgreSQL advisory lock on exactly that key, so of concurrent look-alikes only the first one
 * through sees no earlier payment. A batch locks the whole merchant instead (one lock rather than
 * thousands): single payments hold the merchant's lock shared, a batch exclusively.
 */
public final class DuplicateGuard {

    /** Lock waits of the guard may outlast the database's general lock timeout while a batch is being stored. */
    public static final String LOCK_TIMEOUT = "15s";

    private DuplicateGuard() {
    }

    /** The advisory lock key of one (merchant, account, type, amount). */
    public static long key(String merchantId, byte[] accountIndex, PaymentType type, BigDecimal amount) {
        return hash("guard\n" + merchantId + "\n" + java.util.HexFormat.of().formatHex(accountIndex) + "\n" + type.name() + "\n"
                + amount.stripTrailingZeros().toPlainString());
    }

    /** The advisory lock key of a merchant's whole guard. */
    public static long merchantKey(String merchantId) {
        return hash("guard-merchant\n" + merchantId);
    }

    private static long hash(String text) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
