package com.payroute.onboarding;

import java.security.SecureRandom;
import java.util.Base64;

/** New secrets handed out once (API keys, ops tokens, notify secrets): 32 random bytes, URL-safe, with a prefix saying what they are. */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
