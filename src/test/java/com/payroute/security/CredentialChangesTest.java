package com.payroute.security;

import static com.payroute.support.Http.given;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.payroute.support.Merchants;

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

    private static void accepted(String apiKey, int status) {
        given().header("Authorization", "Bearer " + apiKey).get("/v1/payments/pay_00000000000000000000000000").then().statusCode(status);
    }
}
