package com.payroute.query;

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

/**
 * Queries and transactions never share a queue or a consumer: hundreds of unknown outcomes
 * being queried on one channel must not lower the submission throughput of another. Measured
 * in one run, with and without the flood, as a ratio.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryFloodTest {

    private static final Logger LOG = Logger.getLogger(QueryFloodTest.class);
    private static final String FLOODED = "PLN";
    private static final String SUBMITTING = "INR";
    private static final int FLOOD = 300;
    private static final int PAYMENTS = 300;

    @Inject
    TestChannels channels;
    @Inject
    Fixtures fixtures;
    @Inject
    QueryQueue queries;

    String flooded;
    String busy;

    @BeforeAll
    void channels() {
        channels.claimCurrency(FLOODED);
        channels.claimCurrency(SUBMITTING);
        flooded = channels.create(channels.uniqueCode("flood"), FLOODED, 100, 20, 2000);
        busy = channels.create(channels.uniqueCode("busy"), SUBMITTING, 100, 20, 2000);
        Sim.behave(busy, Map.of("latencyMs", 20));
        // every order on the flooded channel stays PROCESSING: each query leads to another
        Sim.behave(flooded, Map.of("latencyMs", 50, "asyncRate", 1.0, "settleMs", 3_600_000));
    }

    @AfterAll
    void retire() {
        channels.retire(flooded, busy);
    }

    @Test
    void aQueryFloodOnOneChannelDoesNotSlowSubmissionsOnAnother() throws Exception {
        throughput(PAYMENTS); // warm-up
        double quietBefore = throughput(PAYMENTS);

        for (int i = 0; i < FLOOD; i++) {
            Fixtures.Stored stored = fixtures.payment(flooded, FLOODED, "1.00", "UNKNOWN", 0);
            Sim.submitDirectly(flooded, stored.paymentId(), "1.00", FLOODED);
            queries.publish(new QueryRequest(stored.attemptId(), stored.paymentId(), "m_demo", flooded, 0), Duration.ZERO)
                    .await().indefinitely();
        }
        long queriesBefore = Sim.describe(flooded).getLong("queried");
        double flooding = throughput(PAYMENTS);
        long queriesDuring = Sim.describe(flooded).getLong("queried") - queriesBefore;
        Sim.behave(flooded, Map.of("down", true)); // flood over: its queries now fail at once, circuit opens
        Thread.sleep(2000);
        double quietAfter = throughput(PAYMENTS);
        Sim.behave(flooded, Map.of("down", false));

        double quiet = (quietBefore + quietAfter) / 2;
        double ratio = flooding / quiet;
        LOG.infof("submissions on %s: %.1f/s and %.1f/s without, %.1f/s with a query flood on %s (%d queries during it): ratio %.2f",
                busy, quietBefore, quietAfter, flooding, flooded, queriesDuring, ratio);
        assertTrue(queriesDuring > 50, "the flood was running: " + queriesDuring + " queries");
        assertTrue(ratio >= 0.75, "throughput with the flood is " + Math.round(ratio * 100) + "% of without");
    }

    /** Payments completed per second on the busy channel, 16 clients, each waiting for the outcome. */
    private double throughput(int n) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            long start = System.nanoTime();
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                answers.add(clients.submit(() -> Payments.createAndWait(
                        Payments.body(Payments.orderNo("TPUT"), "2.00", SUBMITTING, "ICBC"), 10)));
            }
            for (Future<Response> answer : answers) {
                assertEquals("SUCCEEDED", answer.get().jsonPath().getString("status"));
            }
            return n / ((System.nanoTime() - start) / 1e9);
        } finally {
            clients.shutdownNow();
        }
    }
}
