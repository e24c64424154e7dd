package com.payroute.security;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import io.quarkus.cache.CacheManager;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Revocations reach every replica within seconds: a revocation moves the version in
 * {@code credential_version} in its own transaction; each replica reads it every second and drops
 * its cached credentials when it moved, and tells whoever keeps something per merchant
 * ({@link CredentialsChanged}: a new merchant's callback queue is consumed). (Invalidation, not a shorter cache: a valid key keeps being
 * served from the cache.) The version is a row, not a sequence: a sequence moves before its change
 * commits, and a replica that polled in between reloaded the key as it still was and kept it.
 */
@ApplicationScoped
public class CredentialChanges {

    private static final Logger LOG = Logger.getLogger(CredentialChanges.class);
    static final String API_KEYS = "api-keys";
    static final String OPS_TOKENS = "ops-tokens";

    private final Pool pool;
    private final CacheManager caches;
    private final Event<CredentialsChanged> changed;
    private final AtomicLong seen = new AtomicLong(Long.MIN_VALUE);

    CredentialChanges(Pool pool, CacheManager caches, Event<CredentialsChanged> changed) {
        this.pool = pool;
        this.caches = caches;
        this.changed = changed;
    }

    /**
     * Inside the transaction of a revocation (or any credential change), as its last statement: the row
     * is locked until the commit, so taken last it cannot deadlock. The sequence moves too, for replicas
     * of the previous version during a rolling update (they poll it).
     */
    public Uni<Void> announce(SqlConnection conn) {
        return conn.query("update credential_version set version = nextval('credentials_version')").execute().replaceWithVoid();
    }

    /** Drops this replica's cached credentials now (after its own change committed). */
    public Uni<Void> invalidateHere() {
        Uni<Void> keys = caches.getCache(API_KEYS).map(c -> c.invalidateAll()).orElse(Uni.createFrom().voidItem());
        Uni<Void> tokens = caches.getCache(OPS_TOKENS).map(c -> c.invalidateAll()).orElse(Uni.createFrom().voidItem());
        return keys.chain(() -> tokens);
    }

    @Scheduled(every = "${payroute.security.credentials-poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return pool.query("select version from credential_version").execute()
                .chain(rows -> {
                    long version = rows.iterator().next().getLong("version");
                    long before = seen.getAndSet(version);
                    // The first reading counts as a change too: what changed between this replica's start and
                    // its first poll (a merchant created the moment it was ready) would otherwise wait for the
                    // next refresh of whoever keeps something per merchant.
                    if (before == version) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.debugf("credentials changed (version %d): cached keys and tokens dropped", version);
                    return invalidateHere().invoke(() -> changed.fire(new CredentialsChanged(version)));
                })
                .onFailure().recoverWithNull();
    }
}
