package com.payroute.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Unknown bearer tokens cannot flood the database: past the limit an address gets no more look-ups this second. */
class UnknownTokensTest {

    @Test
    void anAddressOverTheLimitIsRefusedWithoutALookUpWhileOthersAreNot() {
        UnknownTokens unknown = new UnknownTokens(UrlPolicyTest.config(false, java.util.List.of()));
        long second = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 3; i++) {
            assertTrue(unknown.allowed("203.0.113.1"));
            unknown.failed("203.0.113.1");
        }
        if (System.currentTimeMillis() / 1000 == second) { // still the same second: the limit (3) is reached
            assertFalse(unknown.allowed("203.0.113.1"), "a fourth unknown token this second is not looked up");
        }
        assertTrue(unknown.allowed("203.0.113.2"), "another address is not affected");
    }
}
