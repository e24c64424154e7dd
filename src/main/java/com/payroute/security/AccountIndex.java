package com.payroute.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The blind index of an account number: HMAC-SHA256 under a key of its own (never the encryption
 * key), stored beside the ciphertext so that "the same account" can be found without any clear number
 * and without being able to decrypt anything.
 */
@io.quarkus.runtime.Startup // a missing key stops the start, not the first payment
@ApplicationScoped
public class AccountIndex {

    private final SecretKeySpec key;

    AccountIndex(CryptoConfig config) {
        byte[] secret = config.accountIndexKey().map(k -> KeyMaterial.decode(k, "payroute.crypto.account-index-key"))
                .orElseGet(() -> KeyMaterial.devKey(config.devIndexKeyFile(), "payroute.crypto.account-index-key"));
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public byte[] of(String accountNumber) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(accountNumber.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("account index failed", e);
        }
    }
}
