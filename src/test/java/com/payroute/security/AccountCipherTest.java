package com.payroute.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Key rotation: each cipher text names its key; new ones use the newest key; old keys still open old ones. */
class AccountCipherTest {

    private static final String OLD = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final String NEW = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

    @Test
    void oldCipherTextsOpenAfterARotationAndNewOnesUseTheNewKey() {
        AccountCipher before = new AccountCipher(config(OLD, List.of()));
        byte[] sealedBefore = before.encrypt("6222021507001069767", "pay_1");
        AccountCipher after = new AccountCipher(config(NEW, List.of(OLD)));
        assertEquals("6222021507001069767", after.decrypt(sealedBefore, "pay_1"), "an old key still decrypts");
        byte[] sealedAfter = after.encrypt("6222021507001069767", "pay_2");
        assertNotEquals(before.currentKeyId(), after.currentKeyId());
        assertThrows(IllegalStateException.class, () -> before.decrypt(sealedAfter, "pay_2"), "sealed with the new key");
        assertThrows(IllegalStateException.class, () -> after.decrypt(sealedBefore, "pay_other"), "bound to its payment");
        AccountCipher forgotten = new AccountCipher(config(NEW, List.of()));
        assertThrows(IllegalStateException.class, () -> forgotten.decrypt(sealedBefore, "pay_1"), "a key rotated away and dropped");
    }

    private static CryptoConfig config(String current, List<String> previous) {
        return new CryptoConfig() {
            @Override
            public Optional<String> accountKey() {
                return Optional.of(current);
            }

            @Override
            public Optional<List<String>> previousAccountKeys() {
                return Optional.of(previous);
            }

            @Override
            public String devKeyFile() {
                return "unused";
            }

            @Override
            public Optional<String> accountIndexKey() {
                return Optional.empty();
            }

            @Override
            public String devIndexKeyFile() {
                return "unused";
            }
        };
    }
}
