package com.payroute.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;



/**
 * Keeps account numbers unreadable at rest: AES-256-GCM with the payment id as associated
 * data (a ciphertext copied onto another payment does not decrypt), and a keyed hash for
 * comparing request content without storing it.
 */
@ApplicationScoped
public class AccountCipher {

    private static final byte FORMAT_V1 = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey encryptionKey;
    private final SecretKey fingerprintKey;
    private final SecureRandom random = new SecureRandom();

    AccountCipher(CryptoConfig config) {
        byte[] master = config.accountKey().map(k -> KeyMaterial.decode(k, "payroute.crypto.account-key"))
                .orElseGet(() -> KeyMaterial.devKey(config.devKeyFile(), "payroute.crypto.account-key"));
        this.encryptionKey = new SecretKeySpec(derive(master, "account-encryption"), "AES");
        this.fingerprintKey = new SecretKeySpec(derive(master, "request-fingerprint"), "HmacSHA256");
    }

    public byte[] encrypt(String accountNumber, String paymentId) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(paymentId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(accountNumber.getBytes(StandardCharsets.US_ASCII));
            return ByteBuffer.allocate(1 + IV_BYTES + sealed.length).put(FORMAT_V1).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("account encryption failed", e);
        }
    }

    public String decrypt(byte[] stored, String paymentId) {
        if (stored.length < 1 + IV_BYTES || stored[0] != FORMAT_V1) {
            throw new IllegalStateException("unknown account cipher format");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, stored, 1, IV_BYTES));
            cipher.updateAAD(paymentId.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(stored, 1 + IV_BYTES, stored.length - 1 - IV_BYTES);
            return new String(plain, StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("account decryption failed (wrong key?)", e);
        }
    }

    /** HMAC-SHA256 of canonical request content. */
    public byte[] fingerprint(String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(fingerprintKey);
            return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("fingerprint failed", e);
        }
    }

    private static byte[] derive(byte[] master, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
