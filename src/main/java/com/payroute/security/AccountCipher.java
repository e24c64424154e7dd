package com.payroute.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;

/**
 * Keeps account numbers unreadable at rest: AES-256-GCM with the payment id as associated
 * data (a ciphertext copied onto another payment does not decrypt), and a keyed hash for
 * comparing request content without storing it.
 */
@ApplicationScoped
public class AccountCipher {

    private static final Logger LOG = Logger.getLogger(AccountCipher.class);
    private static final byte FORMAT_V1 = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey encryptionKey;
    private final SecretKey fingerprintKey;
    private final SecureRandom random = new SecureRandom();

    AccountCipher(CryptoConfig config) {
        byte[] master = config.accountKey().map(AccountCipher::decodeKey).orElseGet(() -> devKey(config));
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

    private static byte[] decodeKey(String base64) {
        byte[] key = Base64.getDecoder().decode(base64.trim());
        if (key.length != 32) {
            throw new IllegalStateException("payroute.crypto.account-key must be 32 bytes, base64-encoded");
        }
        return key;
    }

    private byte[] devKey(CryptoConfig config) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            throw new IllegalStateException("payroute.crypto.account-key is required in production");
        }
        Path file = Path.of(config.devKeyFile());
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                random.nextBytes(key);
                Path tmp = Files.createTempFile(file.getParent(), "key", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, Base64.getEncoder().encodeToString(key));
                try {
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    LOG.infof("generated a dev/test account key in %s", file);
                } catch (IOException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            return decodeKey(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the dev account key " + file, e);
        }
    }
}
