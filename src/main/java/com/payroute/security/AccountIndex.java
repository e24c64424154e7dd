package com.payroute.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keyed hashes that must never change while their rows live, so they use a key of their own
 * ({@code payroute.crypto.account-index-key}, never the encryption key, which rotates): the blind
 * index of an account number, so "the same account" is found without any clear number and without
 * being able to decrypt anything; and the fingerprint of a request's content, so an identical replay
 * is told from a different one without storing the content.
 */
@io.quarkus.runtime.Startup // a missing key stops the start, not the first payment
@ApplicationScoped
public class AccountIndex {

    private final SecretKeySpec indexKey;
    private final SecretKeySpec fingerprintKey;

    AccountIndex(CryptoConfig config) {
        byte[] secret = config.accountIndexKey().map(k -> KeyMaterial.decode(k, "payroute.crypto.account-index-key"))
                .orElseGet(() -> KeyMaterial.devKey(config.devIndexKeyFile(), "payroute.crypto.account-index-key"));
        this.indexKey = new SecretKeySpec(AccountCipher.derive(secret, "account-index"), "HmacSHA256");
        this.fingerprintKey = new SecretKeySpec(AccountCipher.derive(secret, "request-fingerprint"), "HmacSHA256");
    }

    /** The blind index of an account number. */
    public byte[] of(String accountNumber) {
        return hmac(indexKey, accountNumber);
    }

    /** HMAC-SHA256 of canonical request content. */
    public byte[] fingerprint(String canonical) {
        return hmac(fingerprintKey, canonical);
    }

    private static byte[] hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keyed hash failed", e);
        }
    }
}
