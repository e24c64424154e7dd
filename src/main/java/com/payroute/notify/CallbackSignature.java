package com.payroute.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Payroute-Signature} header of API.md: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(
 * merchant notify secret, "<t>.<raw body>")>}, one {@code v1=} per secret that signs (while a secret is
 * rotated: the new one first, then the old one). The timestamp lets the merchant refuse replays.
 */
public final class CallbackSignature {

    private CallbackSignature() {
    }

    public static String header(String secret, long unixSeconds, String rawBody) {
        return header(java.util.List.of(secret), unixSeconds, rawBody);
    }

    public static String header(java.util.List<String> secrets, long unixSeconds, String rawBody) {
        StringBuilder header = new StringBuilder("t=").append(unixSeconds);
        for (String secret : secrets) {
            header.append(",v1=").append(hmac(secret, unixSeconds + "." + rawBody));
        }
        return header.toString();
    }

    static String hmac(String secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
