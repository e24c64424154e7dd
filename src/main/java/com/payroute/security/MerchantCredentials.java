package com.payroute.security;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Resolves an API key hash to its merchant. Cached briefly (payroute.cache: api-keys), so a
 * revoked key stops working within the cache's expiry and unknown keys cost no query either.
 */
@ApplicationScoped
public class MerchantCredentials {

    public record MerchantKey(String merchantId, byte[] keyHash, List<String> ipAllowlist, Integer rateLimitPerSecond) {
    }

    private final Pool pool;

    MerchantCredentials(Pool pool) {
        this.pool = pool;
    }

    @CacheResult(cacheName = "api-keys")
    public Uni<Optional<MerchantKey>> byKeyHash(String keyHashHex) {
        byte[] hash = HexFormat.of().parseHex(keyHashHex);
        return pool.preparedQuery("""
                select k.key_hash, k.merchant_id, m.ip_allowlist, m.rate_limit_per_second from api_key k
                join merchant m on m.id = k.merchant_id
                where k.key_hash = $1 and k.revoked_at is null""")
                .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(hash)))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return Optional.<MerchantKey>empty();
                    }
                    Row row = rows.iterator().next();
                    String[] allow = row.getArrayOfStrings("ip_allowlist");
                    return Optional.of(new MerchantKey(row.getString("merchant_id"),
                            row.getBuffer("key_hash").getBytes(), allow == null ? null : List.of(allow),
                            row.getInteger("rate_limit_per_second")));
                });
    }
}
