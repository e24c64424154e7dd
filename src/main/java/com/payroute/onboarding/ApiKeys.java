package com.payroute.onboarding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.payroute.api.ApiException;
import com.payroute.api.FieldError;
import com.payroute.api.Ids;
import com.payroute.audit.AuditLog;
import com.payroute.security.CredentialChanges;
import com.payroute.security.TokenHash;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A merchant's API keys: several may be active; each is answered once when made (only its SHA-256 is
 * stored), named by its id afterwards, shows when it was last used, and is revoked on every replica
 * within seconds (the credential changes invalidate every replica's cache).
 */
@ApplicationScoped
public class ApiKeys {

    private static final Pattern LABEL = Pattern.compile("[\\p{Print}&&[^<>]]{1,100}");

    /** A key as admins see it; {@code key} only in the answer that made it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record KeyView(String keyId, String key, String label, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
        static KeyView of(Row row, String key) {
            return new KeyView(row.getString("key_id"), key, row.getString("label"), row.getOffsetDateTime("created_at").toInstant(),
                    row.getOffsetDateTime("last_used_at") == null ? null : row.getOffsetDateTime("last_used_at").toInstant(),
                    row.getOffsetDateTime("revoked_at") == null ? null : row.getOffsetDateTime("revoked_at").toInstant());
        }
    }

    private final Pool pool;
    private final AuditLog audit;
    private final CredentialChanges changes;

    ApiKeys(Pool pool, AuditLog audit, CredentialChanges changes) {
        this.pool = pool;
        this.audit = audit;
        this.changes = changes;
    }

    public Uni<KeyView> create(String merchantId, String label, String actor) {
        String name = label == null ? "api key" : label;
        if (!LABEL.matcher(name).matches()) {
            throw ApiException.validation(List.of(new FieldError("label", "must be 1 to 100 printable characters")));
        }
        String key = Secrets.generate("pk_");
        String keyId = Ids.apiKey();
        return pool.withTransaction(conn -> conn.preparedQuery("insert into api_key (key_hash, merchant_id, label, key_id) "
                + "select $1, id, $3, $4 from merchant where id = $2 returning key_id, label, created_at, last_used_at, revoked_at")
                .execute(Tuple.of(Buffer.buffer(TokenHash.of(key)), merchantId, name, keyId))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.notFound("merchant");
                    }
                    KeyView created = KeyView.of(rows.iterator().next(), key);
                    return audit.record(conn, actor, "API_KEY_CREATED", "merchant:" + merchantId, null,
                            new JsonObject().put("keyId", keyId).put("label", name)).replaceWith(created);
                }));
    }

    public Uni<List<KeyView>> list(String merchantId) {
        return pool.preparedQuery("select key_id, label, created_at, last_used_at, revoked_at from api_key where merchant_id = $1 "
                + "order by created_at, key_id").execute(Tuple.of(merchantId))
                .map(rows -> {
                    List<KeyView> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(KeyView.of(row, null)));
                    return keys;
                });
    }

    /** Revokes it here at once and on every replica within seconds; 404 for an unknown or already revoked key. */
    public Uni<Void> revoke(String merchantId, String keyId, String actor) {
        return pool.withTransaction(conn -> conn.preparedQuery("update api_key set revoked_at = now() where key_id = $1 "
                + "and merchant_id = $2 and revoked_at is null returning key_id")
                .execute(Tuple.of(keyId, merchantId))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.notFound("active API key");
                    }
                    return audit.record(conn, actor, "API_KEY_REVOKED", "merchant:" + merchantId, new JsonObject().put("keyId", keyId),
                            new JsonObject().put("keyId", keyId).put("revoked", true));
                })
                .call(() -> changes.announce(conn)))
                .call(changes::invalidateHere);
    }
}
