package com.payroute.security;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.crypto")
public interface CryptoConfig {

    /**
     * Base64 of a 32-byte AES key that encrypts account numbers at rest. Required in prod
     * (from a Kubernetes Secret). Without it, dev and test generate one into {@link #devKeyFile()}.
     */
    Optional<String> accountKey();

    /**
     * Keys rotated away (base64 of 32 bytes each): never used to seal, still used to open what they sealed.
     * Rotation: put the current key here, a new one in {@link #accountKey()}, restart.
     */
    Optional<java.util.List<String>> previousAccountKeys();

    /** Where dev and test keep their generated key, so that a restart can still read old rows. */
    @WithDefault("${user.home}/.payroute/dev-account.key")
    String devKeyFile();

    /**
     * Base64 of a 32-byte HMAC key for the account numbers' blind index (the duplicate-payment guard).
     * A key of its own: required in prod; dev and test generate one into {@link #devIndexKeyFile()}.
     */
    Optional<String> accountIndexKey();

    @WithDefault("${user.home}/.payroute/dev-account-index.key")
    String devIndexKeyFile();
}
