package com.payroute.query;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.support.Fixtures;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Queries and transactions never share a queue or a consumer: while one channel has a flood of
 * unknown outcomes being queried, another channel's payments keep completing, each within its own
 * channel's timeout. Asserted structurally (the flood was running before, during and after; every
 * payment of the other channel succeeded, none waited past its timeout), never as a timing ratio:
 * the throughput ratio is measured in bench/.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryFloodTest {

    private static final Logger LOG = Logger.getLogger(QueryFloodTest.class);
    private static final String FLOODED = "PLN";
    private static final String SUBMITTING = "INR";
    private static final int FLOOD = 150;
    private static final int PAYMENTS = 100;
    private static final int TIMEOUT_MS = 2000;

    @Inject
    TestChannels channels;
    @Inject
    Fixtures fixtures;
    @Inject
    QueryQueue queries;
    @Inject
    Pool pool;

    String flooded;
    String busy;

    @BeforeAll
    void channels() {
        channels.claimCurrency(FLOODED);
        channels.claimCurrency(SUBMITTING);
        flooded = channels.create(channels.uniqueCode("flood"), FLOODED, 100, 20, TIMEOUT_MS);
        busy = channels.create(channels.uniqueCode("busy"), SUBMITTING, 100, 20, TIMEOUT_MS);
        Sim.behave(busy, Map.of("latencyMs", 20));
        // every order on the flooded channel stays PROCESSING: each query leads to another
        Sim.behave(flooded, Map.of("latencyMs", 0, "asyncRate", 1.0, "settleMs", 3_600_000));
    }

    @AfterAll
    void retire() {
        Sim.behave(flooded, Map.of("down", true)); // its queries now fail at once; the schedule runs out
        channels.retire(flooded, busy);
    }

    @Test
    void aQueryFloodOnOneChannelDoesNotHoldUpSubmissionsOnAnother() throws Exception {
        List<Fixtures.Stored> unknown = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            Fixtures.Stored stored = fixtures.payment(flooded, FLOODED, "1.00", "UNKNOWN", 0);
            Sim.submitDirectly(flooded, stored.paymentId(), "1.00", FLOODED);
            unknown.add(stored);
        }
        Sim.behave(flooded, Map.of("latencyMs", 300)); // from now on each query takes 300 ms
        for (Fixtures.Stored stored : unknown) {
            queries.publish(new QueryRequest(stored.attemptId(), stored.paymentId(), "m_demo", flooded, "default", 0), Duration.ZERO)
                    .await().indefinitely();
        }
        // the flood is being queried: its first queries reach the channel once a worker has consumed them
        await("the flood is being queried").atMost(Duration.ofSeconds(10))
                .until(() -> Sim.describe(flooded).getInt("inFlightAll") > 0);
        long queriedBefore = Sim.describe(flooded).getLong("queried");

        List<String> ids = completeOnBusyChannel();

        long queriedDuring = Sim.describe(flooded).getLong("queried") - queriedBefore;
        assertTrue(Sim.describe(flooded).getInt("inFlightAll") > 0 || pending() > 0, "the flood still runs afterwards");
        assertTrue(queriedDuring > 0, "the flood was running meanwhile: " + queriedDuring + " queries");
        List<Integer> latencies = new ArrayList<>();
        for (String id : ids) {
            latencies.add(pool.preparedQuery("select latency_ms from attempt where payment_id = $1 and status = 'SUCCEEDED'")
                    .execute(Tuple.of(id)).await().indefinitely().iterator().next().getInteger(0));
        }
        latencies.sort(Integer::compare);
        int p95 = latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1);
        LOG.infof("%d payments on %s completed while %d queries ran on %s; channel call p95 %d ms", ids.size(), busy,
                queriedDuring, flooded, p95);
        assertTrue(latencies.get(latencies.size() - 1) < TIMEOUT_MS, "no call of the busy channel waited its timeout: " + latencies);
    }

    /** Query steps of the flood still waiting (step claimed fewer times than the schedule allows). */
    private long pending() {
        return pool.preparedQuery("select count(*) from attempt where channel_code = $1 and status in ('UNKNOWN', 'PROCESSING') "
                + "and next_query_at is not null").execute(Tuple.of(flooded)).await().indefinitely().iterator().next().getLong(0);
    }

    /** Payments on the busy channel, 16 clients, each waiting for its outcome; every one must succeed. */
    private List<String> completeOnBusyChannel() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < PAYMENTS; i++) {
                answers.add(clients.submit(() -> Payments.createAndWait(
                        Payments.body(Payments.orderNo("TPUT"), "2.00", SUBMITTING, "ICBC"), 10)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response r = answer.get();
                assertEquals("SUCCEEDED", r.jsonPath().getString("status"));
                ids.add(r.jsonPath().getString("id"));
            }
            return ids;
        } finally {
            clients.shutdownNow();
        }
    }
}
