package com.payroute.api;

import java.security.SecureRandom;

/**
 * Identifiers: a prefix and 26 Crockford base32 characters (48 bits of milliseconds, then 80
 * random bits, as ULIDs), so they sort by creation time and cannot be guessed.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String payment() {
        return "pay_" + ulid();
    }

    public static String attempt() {
        return "att_" + ulid();
    }

    public static String refund() {
        return "rfd_" + ulid();
    }

    public static String event() {
        return "evt_" + ulid();
    }

    public static String apiKey() {
        return "key_" + ulid();
    }

    public static String opsToken() {
        return "opt_" + ulid();
    }

    public static String review() {
        return "rev_" + ulid();
    }

    public static String batch() {
        return "bat_" + ulid();
    }

    public static String reconciliation() {
        return "rec_" + ulid();
    }

    public static String discrepancy() {
        return "dsc_" + ulid();
    }

    private static String ulid() {
        char[] out = new char[26];
        long time = System.currentTimeMillis();
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (random[i] & 0xff);
            lo = (lo << 8) | (random[i + 5] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }
}
