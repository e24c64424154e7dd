package com.payroute.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * When each API key was last used, for ops deciding which key to revoke: written at most once a
 * minute per key and replica (never a write per request), without waiting for it.
 */
@ApplicationScoped
public class KeyUsage {

    private static final long EVERY_MILLIS = 60_000;

    private final Pool pool;
    private final Map<String, Long> written = new ConcurrentHashMap<>();

    KeyUsage(Pool pool) {
        this.pool = pool;
    }

    void used(byte[] keyHash) {
        String key = java.util.HexFormat.of().formatHex(keyHash);
        long now = System.currentTimeMillis();
        Long last = written.get(key);
        if (last != null && now - last < EVERY_MILLIS) {
            return;
        }
        written.put(key, now);
        pool.preparedQuery("update api_key set last_used_at = now() where key_hash = $1")
                .execute(Tuple.of(Buffer.buffer(keyHash)))
                .subscribe().with(ok -> {
                }, failure -> written.remove(key));
    }
}
