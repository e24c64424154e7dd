package com.payroute.onboarding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.payroute.api.ApiException;
import com.payroute.api.FieldError;
import com.payroute.api.Ids;
import com.payroute.audit.AuditLog;
import com.payroute.security.CredentialChanges;
import com.payroute.security.SecurityConfig;
import com.payroute.security.TokenHash;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Ops tokens: each names a person and has a role (admin, ops, viewer); answered once when made (only
 * the SHA-256 is stored), revoked on every replica within seconds. A new installation gets its first
 * admin token from configuration, as a hash ({@code payroute.security.bootstrap-admin-token-sha256}):
 * nothing needs SQL by hand afterwards.
 */
@ApplicationScoped
public class OpsTokens {

    private static final Logger LOG = Logger.getLogger(OpsTokens.class);
    private static final Set<String> ROLES = Set.of("admin", "ops", "viewer");

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record TokenView(String id, String name, String role, String token, String createdBy, Instant createdAt, Instant revokedAt) {
        static TokenView of(Row row, String token) {
            return new TokenView(row.getString("id"), row.getString("name"), row.getString("role"), token, row.getString("created_by"),
                    row.getOffsetDateTime("created_at").toInstant(),
                    row.getOffsetDateTime("revoked_at") == null ? null : row.getOffsetDateTime("revoked_at").toInstant());
        }
    }

    private final Pool pool;
    private final AuditLog audit;
    private final CredentialChanges changes;
    private final SecurityConfig config;

    OpsTokens(Pool pool, AuditLog audit, CredentialChanges changes, SecurityConfig config) {
        this.pool = pool;
        this.audit = audit;
        this.changes = changes;
        this.config = config;
    }

    void bootstrap(@Observes @Priority(19) StartupEvent event) {
        config.bootstrapAdminTokenSha256().ifPresent(hex -> {
            byte[] hash;
            try {
                hash = HexFormat.of().parseHex(hex.trim().toLowerCase());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("payroute.security.bootstrap-admin-token-sha256 must be 64 hex digits");
            }
            if (hash.length != 32) {
                throw new IllegalStateException("payroute.security.bootstrap-admin-token-sha256 must be 64 hex digits");
            }
            int created = pool.withTransaction(conn -> conn.preparedQuery("insert into ops_token (token_hash, name, role, id, created_by) "
                    + "values ($1, 'bootstrap admin', 'admin', $2, 'configuration') on conflict (token_hash) do nothing returning id")
                    .execute(Tuple.of(Buffer.buffer(hash), Ids.opsToken()))
                    .call(rows -> rows.rowCount() == 0 ? Uni.createFrom().voidItem()
                            : audit.record(conn, "configuration", "OPS_TOKEN_CREATED", "ops-token:" + rows.iterator().next().getString("id"),
                                    null, new JsonObject().put("name", "bootstrap admin").put("role", "admin")))
                    .map(rows -> rows.rowCount())).await().indefinitely();
            if (created > 0) {
                LOG.info("bootstrap admin token installed from configuration");
            }
        });
    }

    public Uni<TokenView> create(String name, String role, String actor) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > 100) {
            errors.add(new FieldError("name", "must name the person, 1 to 100 characters"));
        }
        if (role == null || !ROLES.contains(role)) {
            errors.add(new FieldError("role", "must be admin, ops or viewer"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        String token = Secrets.generate("ops_");
        String id = Ids.opsToken();
        return pool.withTransaction(conn -> conn.preparedQuery("insert into ops_token (token_hash, name, role, id, created_by) "
                + "values ($1, $2, $3, $4, $5) returning id, name, role, created_by, created_at, revoked_at")
                .execute(Tuple.of(Buffer.buffer(TokenHash.of(token)), name, role, id, actor))
                .map(rows -> TokenView.of(rows.iterator().next(), token))
                .call(created -> audit.record(conn, actor, "OPS_TOKEN_CREATED", "ops-token:" + id, null,
                        new JsonObject().put("name", name).put("role", role))));
    }

    public Uni<List<TokenView>> list() {
        return pool.query("select id, name, role, created_by, created_at, revoked_at from ops_token order by created_at, id").execute()
                .map(rows -> {
                    List<TokenView> tokens = new ArrayList<>();
                    rows.forEach(row -> tokens.add(TokenView.of(row, null)));
                    return tokens;
                });
    }

    public Uni<Void> revoke(String id, String actor) {
        return pool.withTransaction(conn -> conn.preparedQuery("update ops_token set revoked_at = now() where id = $1 "
                + "and revoked_at is null returning name, role")
                .execute(Tuple.of(id))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.notFound("active ops token");
                    }
                    Row row = rows.iterator().next();
                    return audit.record(conn, actor, "OPS_TOKEN_REVOKED", "ops-token:" + id,
                            new JsonObject().put("name", row.getString("name")).put("role", row.getString("role")),
                            new JsonObject().put("revoked", true));
                })
                .call(() -> changes.announce(conn)))
                .call(changes::invalidateHere);
    }
}
