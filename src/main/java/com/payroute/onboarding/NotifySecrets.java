package com.payroute.onboarding;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.payroute.audit.AuditLog;
import com.payroute.security.AccountCipher;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Merchants' notify secrets: stored only sealed (never in clear), answered once when made, rotated on
 * demand with the previous one signing beside the new one for 24 hours (API.md section 1), so a
 * receiver can switch without losing a callback. Secrets written in clear before they were sealed are
 * sealed at start.
 */
@ApplicationScoped
public class NotifySecrets {

    private static final Logger LOG = Logger.getLogger(NotifySecrets.class);
    static final Duration OVERLAP = Duration.ofHours(24);

    private final Pool pool;
    private final AccountCipher cipher;
    private final AuditLog audit;

    NotifySecrets(Pool pool, AccountCipher cipher, AuditLog audit) {
        this.pool = pool;
        this.cipher = cipher;
        this.audit = audit;
    }

    /** A new secret for a new merchant: the clear one (answered once) and what to store. */
    record Made(String secret, byte[] sealed) {
    }

    Made make(String merchantId) {
        String secret = Secrets.generate("whsec_");
        return new Made(secret, cipher.seal(secret, AccountCipher.notifySecretOwner(merchantId)));
    }

    /** A new secret; the current one keeps signing beside it for 24 h. The new secret, answered once. */
    public Uni<String> rotate(String merchantId, String actor) {
        Made made = make(merchantId);
        return pool.withTransaction(conn -> conn.preparedQuery("update merchant set previous_secret_cipher = notify_secret_cipher, "
                + "previous_secret_until = now() + $3 * interval '1 millisecond', notify_secret_cipher = $2, notify_secret = null, "
                + "updated_at = now() where id = $1 returning id")
                .execute(Tuple.tuple().addString(merchantId).addValue(Buffer.buffer(made.sealed())).addLong(OVERLAP.toMillis()))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw com.payroute.api.ApiException.notFound("merchant");
                    }
                    return audit.record(conn, actor, "NOTIFY_SECRET_ROTATED", "merchant:" + merchantId, null,
                            new JsonObject().put("previousSignsUntilHours", OVERLAP.toHours()));
                }))
                .replaceWith(made.secret());
    }

    /** Seals every secret still stored in clear (written before sealing existed, or by dev seeds). */
    void sealClearSecrets(@Observes @Priority(18) StartupEvent event) {
        try {
            int sealed = pool.withTransaction(conn -> conn.query("select id, notify_secret from merchant where notify_secret is not null "
                    + "for update").execute()
                    .chain(rows -> {
                        Uni<Integer> chain = Uni.createFrom().item(0);
                        for (var row : rows) {
                            String id = row.getString("id");
                            byte[] sealedSecret = cipher.seal(row.getString("notify_secret"), AccountCipher.notifySecretOwner(id));
                            chain = chain.chain(n -> seal(conn, id, sealedSecret).replaceWith(n + 1));
                        }
                        return chain;
                    })).await().indefinitely();
            if (sealed > 0) {
                LOG.infof("sealed %d notify secrets stored in clear", sealed);
            }
        } catch (RuntimeException e) {
            LOG.warnf("clear notify secrets not sealed at start (%s); they are still used as they are", e.toString());
        }
    }

    private static Uni<Void> seal(SqlConnection conn, String id, byte[] sealed) {
        return conn.preparedQuery("update merchant set notify_secret_cipher = $2, notify_secret = null where id = $1 "
                + "and notify_secret is not null").execute(Tuple.of(id, Buffer.buffer(sealed))).replaceWithVoid();
    }
}
