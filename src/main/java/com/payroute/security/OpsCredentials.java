package com.payroute.security;

import java.util.HexFormat;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Resolves an ops token hash to who holds it and their role; cached like API keys. */
@ApplicationScoped
public class OpsCredentials {

    /** Manages merchants, keys and ops tokens, and may do everything {@link #OPS} may. */
    public static final String ADMIN = "admin";
    public static final String OPS = "ops";
    public static final String VIEWER = "viewer";

    public record OpsToken(String name, String role, byte[] tokenHash) {
    }

    private final Pool pool;

    OpsCredentials(Pool pool) {
        this.pool = pool;
    }

    @CacheResult(cacheName = "ops-tokens")
    public Uni<Optional<OpsToken>> byTokenHash(String tokenHashHex) {
        byte[] hash = HexFormat.of().parseHex(tokenHashHex);
        return pool.preparedQuery("select token_hash, name, role from ops_token where token_hash = $1 and revoked_at is null")
                .execute(Tuple.of(Buffer.buffer(hash)))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return Optional.<OpsToken>empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new OpsToken(row.getString("name"), row.getString("role"),
                            row.getBuffer("token_hash").getBytes()));
                });
    }
}
