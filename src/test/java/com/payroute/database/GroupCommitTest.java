package com.payroute.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The lane's patience: what arrives while a transaction of its lane runs waits for company instead of
 * starting a transaction of its own at once, and a slow transaction (a lock wait) still holds the
 * others up no longer than the patience. A group commit of its own, so that no other work of the
 * application counts in its meter.
 */
@QuarkusTest
class GroupCommitTest {

    private static final String SLEEP = "select pg_sleep($1)";

    @Inject
    Pool pool;
    @Inject
    DatabaseConfig config;
    @Inject
    MeterRegistry meters;
    @Inject
    Vertx vertx;

    private GroupCommit<Double, Integer> probe(String kind) {
        return new GroupCommit<>(pool, config, meters, kind, GroupCommitTest::together,
                seconds -> pool.preparedQuery(SLEEP).execute(Tuple.of(seconds)).map(rows -> 1));
    }

    private static Uni<List<Integer>> together(SqlConnection conn, List<Double> group) {
        List<Uni<Integer>> slept = new ArrayList<>();
        for (Double seconds : group) {
            slept.add(conn.preparedQuery(SLEEP).execute(Tuple.of(seconds)).map(rows -> 1));
        }
        return Uni.join().all(slept).andFailFast();
    }

    /** Subscribes to each member in turn on one event loop, as a request or a message would. */
    private List<CompletableFuture<Integer>> submitOnAnEventLoop(GroupCommit<Double, Integer> groups, double... sleeps)
            throws Exception {
        CompletableFuture<List<CompletableFuture<Integer>>> submitted = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (double seconds : sleeps) {
                answers.add(groups.submit("sleep", seconds).subscribeAsCompletionStage());
            }
            submitted.complete(answers);
        });
        return submitted.get(10, TimeUnit.SECONDS);
    }

    @Test
    void whatArrivesWhileTheLaneRunsGoesTogetherRatherThanEachInATransactionOfItsOwn() throws Exception {
        GroupCommit<Double, Integer> groups = probe("probe-company");
        DistributionSummary sizes = meters.get("payroute.database.group.size").tag("kind", "probe-company").summary();

        // the first runs alone for a while; the next two arrive meanwhile, with room for more transactions
        List<CompletableFuture<Integer>> answers = submitOnAnEventLoop(groups, 0.3, 0, 0);
        for (CompletableFuture<Integer> answer : answers) {
            assertEquals(1, answer.get(30, TimeUnit.SECONDS));
        }
        assertEquals(2, sizes.count(), "two transactions: the first alone, then the other two together");
        assertEquals(3.0, sizes.totalAmount());
        assertEquals(2.0, sizes.max());
    }

    @Test
    void aSlowTransactionHoldsTheOthersOfItsLaneUpOnlyForThePatience() throws Exception {
        GroupCommit<Double, Integer> groups = probe("probe-patience");

        List<CompletableFuture<Integer>> answers = submitOnAnEventLoop(groups, 3, 0);
        assertEquals(1, answers.get(1).get(30, TimeUnit.SECONDS), "the second committed in a transaction of its own");
        assertFalse(answers.get(0).isDone(), "while the slow one still runs");
        assertEquals(1, answers.get(0).get(30, TimeUnit.SECONDS));
    }
}
