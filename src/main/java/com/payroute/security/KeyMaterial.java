package com.payroute.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;

/**
 * Secret keys from configuration (base64 of 32 bytes, from a Kubernetes Secret in prod). Dev and test
 * generate each key once into a file of its own, so a restart still reads what it wrote.
 */
final class KeyMaterial {

    private static final Logger LOG = Logger.getLogger(KeyMaterial.class);

    private KeyMaterial() {
    }

    static byte[] decode(String base64, String property) {
        byte[] key = Base64.getDecoder().decode(base64.trim());
        if (key.length != 32) {
            throw new IllegalStateException(property + " must be 32 bytes, base64-encoded");
        }
        return key;
    }

    /** The key kept in {@code path}, created there if missing; refused in production. */
    static byte[] devKey(String path, String property) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            throw new IllegalStateException(property + " is required in production");
        }
        Path file = Path.of(path);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path tmp = Files.createTempFile(file.getParent(), "key", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, Base64.getEncoder().encodeToString(key));
                try {
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    LOG.infof("generated a dev/test key for %s in %s", property, file);
                } catch (IOException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            return decode(Files.readString(file), property);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the dev key " + file, e);
        }
    }
}
