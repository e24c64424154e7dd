package com.payroute.security;

import static com.payroute.support.Http.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.payroute.support.Merchants;

import io.quarkus.cache.CacheManager;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Another replica's revocation, as this replica sees it: only once it has committed. A change still
 * open when this replica polls must not count as seen, or the replica drops its cache, loads the key
 * again as it still is (valid), and keeps serving it after the revocation commits.
 */
@QuarkusTest
class CredentialChangesTest {

    @Inject
    Pool pool;
    @Inject
    CredentialChanges changes;
    @Inject
    Merchants merchants;
    @Inject
    CacheManager caches;

    @Test
    void aRevocationStillOpenWhenPolledStopsTheKeyOnceItCommits() {
        Merchants.Created merchant = merchants.create("m_revoke", null);
        changes.poll().await().indefinitely();
        accepted(merchant.apiKey(), 404); // known key, unknown payment: cached here now

        SqlConnection other = pool.getConnection().await().indefinitely();
        try {
            // another replica revokes the key, without this replica's own invalidation, and has not committed yet
            Transaction revocation = other.begin().await().indefinitely();
            other.preparedQuery("update api_key set revoked_at = now() where merchant_id = $1").execute(Tuple.of(merchant.id()))
                    .await().indefinitely();
            changes.announce(other).await().indefinitely();

            changes.poll().await().indefinitely(); // polled while it is open
            accepted(merchant.apiKey(), 404); // the key is still valid: nothing committed says otherwise

            revocation.commit().await().indefinitely();
        } finally {
            other.close().await().indefinitely();
        }
        changes.poll().await().indefinitely(); // the first poll after the commit
        accepted(merchant.apiKey(), 401);
    }

    /**
     * A replica's first poll announces the version it reads: a merchant created between the replica's
     * start and that poll has its callback queue consumed then, not at the next refresh (seen in a run
     * where the first poll came after the only change, and the callback waited).
     */
    @Test
    void aReplicasFirstPollAnnouncesWhatChangedBeforeIt() {
        merchants.create("m_before_first_poll", null);
        long version = pool.query("select version from credential_version").execute().await().indefinitely().iterator().next()
                .getLong(0);
        Announced announced = new Announced();
        CredentialChanges started = new CredentialChanges(pool, caches, announced); // a replica that has not polled yet

        started.poll().await().indefinitely();
        assertEquals(List.of(version), List.copyOf(announced.versions), "the first reading is announced");
        started.poll().await().indefinitely();
        assertEquals(List.of(version), List.copyOf(announced.versions), "an unchanged version is not announced again");
    }

    /** What one replica announces, apart from the application's own poller. */
    static final class Announced implements Event<CredentialsChanged> {
        final List<Long> versions = new CopyOnWriteArrayList<>();

        @Override
        public void fire(CredentialsChanged change) {
            versions.add(change.version());
        }

        @Override
        public <U extends CredentialsChanged> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends CredentialsChanged> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<CredentialsChanged> select(Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends CredentialsChanged> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends CredentialsChanged> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }

    private static void accepted(String apiKey, int status) {
        given().header("Authorization", "Bearer " + apiKey).get("/v1/payments/pay_00000000000000000000000000").then().statusCode(status);
    }
}
