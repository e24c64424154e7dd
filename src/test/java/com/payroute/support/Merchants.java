package com.payroute.support;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.security.TokenHash;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Business lines created for one test: a merchant with a fresh API key (returned), optionally an IP allowlist. */
@ApplicationScoped
public class Merchants {

    private final Pool pool;

    Merchants(Pool pool) {
        this.pool = pool;
    }

    public record Created(String id, String apiKey) {
    }

    /** A merchant whose PAYOUTs at or above {@code payoutReviewLimit} wait for a review. */
    public Created withReviewLimit(String prefix, String payoutReviewLimit) {
        Created created = create(prefix, null);
        pool.preparedQuery("update merchant set payout_review_limit = $2 where id = $1")
                .execute(Tuple.of(created.id(), new java.math.BigDecimal(payoutReviewLimit))).await().indefinitely();
        return created;
    }

    public Created create(String prefix, List<String> ipAllowlist) {
        String id = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        String key = "key-" + UUID.randomUUID();
        pool.preparedQuery("insert into merchant (id, name, notify_secret, ip_allowlist) values ($1, $1, $2, $3)")
                .execute(Tuple.of(id, UUID.randomUUID().toString(), ipAllowlist == null ? null : ipAllowlist.toArray(String[]::new)))
                .await().indefinitely();
        pool.preparedQuery("insert into api_key (key_hash, merchant_id, label) values ($1, $2, 'test')")
                .execute(Tuple.of(Buffer.buffer(TokenHash.of(key)), id)).await().indefinitely();
        return new Created(id, key);
    }
}
