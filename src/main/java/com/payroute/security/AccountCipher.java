package com.payroute.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps account numbers and merchants' notify secrets unreadable at rest: AES-256-GCM with what the
 * text belongs to as associated data (a cipher text copied onto another payment or merchant does not
 * decrypt). Keys rotate: every cipher text names the key it was sealed with; new ones use the current
 * key ({@code payroute.crypto.account-key}), old ones still open with the keys listed in
 * {@code payroute.crypto.previous-account-keys}. Cipher texts from before key ids (format 1) are tried
 * with every key.
 */
@io.quarkus.runtime.Startup // a missing key stops the start, not the first payment
@ApplicationScoped
public class AccountCipher {

    private static final byte FORMAT_V1 = 1;
    private static final byte FORMAT_V2 = 2;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final int currentId;
    /** Encryption keys by id, the current one first. */
    private final Map<Integer, SecretKey> keys = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    AccountCipher(CryptoConfig config) {
        byte[] current = config.accountKey().map(k -> KeyMaterial.decode(k, "payroute.crypto.account-key"))
                .orElseGet(() -> KeyMaterial.devKey(config.devKeyFile(), "payroute.crypto.account-key"));
        List<byte[]> all = new ArrayList<>();
        all.add(current);
        config.previousAccountKeys().ifPresent(previous -> previous.forEach(
                k -> all.add(KeyMaterial.decode(k, "payroute.crypto.previous-account-keys"))));
        for (byte[] master : all) {
            keys.putIfAbsent(keyId(master), new SecretKeySpec(derive(master, "account-encryption"), "AES"));
        }
        this.currentId = keyId(current);
    }

    /** Seals an account number of payment {@code paymentId}. */
    public byte[] encrypt(String accountNumber, String paymentId) {
        return seal(accountNumber, paymentId);
    }

    public String decrypt(byte[] stored, String paymentId) {
        return open(stored, paymentId);
    }

    /** Seals a secret that belongs to {@code owner} (e.g. "merchant:m_demo:notify"). */
    public byte[] seal(String plain, String owner) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + 4 + IV_BYTES + sealed.length).put(FORMAT_V2).putInt(currentId).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String open(byte[] stored, String owner) {
        if (stored.length > 1 + 4 + IV_BYTES && stored[0] == FORMAT_V2) {
            SecretKey key = keys.get(ByteBuffer.wrap(stored, 1, 4).getInt());
            if (key == null) {
                throw new IllegalStateException("cipher text sealed with a key that is not configured (rotated away?)");
            }
            return decrypt(key, stored, 1 + 4, owner);
        }
        if (stored.length > 1 + IV_BYTES && stored[0] == FORMAT_V1) {
            for (SecretKey key : keys.values()) {
                try {
                    return decrypt(key, stored, 1, owner);
                } catch (IllegalStateException wrongKey) {
                    // try the next key
                }
            }
            throw new IllegalStateException("decryption failed with every configured key");
        }
        throw new IllegalStateException("unknown cipher format");
    }

    /** What a merchant's notify secret is sealed to. */
    public static String notifySecretOwner(String merchantId) {
        return "merchant:" + merchantId + ":notify";
    }

    /** The id of the key new cipher texts are sealed with. */
    public int currentKeyId() {
        return currentId;
    }

    private static String decrypt(SecretKey key, byte[] stored, int ivAt, String owner) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, ivAt, IV_BYTES));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(stored, ivAt + IV_BYTES, stored.length - ivAt - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed (wrong key?)", e);
        }
    }

    /** Names a key without revealing it: the first four bytes of its SHA-256. */
    static int keyId(byte[] master) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(master)).getInt();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] derive(byte[] master, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
