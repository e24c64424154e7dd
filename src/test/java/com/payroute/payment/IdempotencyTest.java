package com.payroute.payment;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Invariant: one payment per (merchant, merchantOrderNo), by the unique constraint, whatever
 * the concurrency; at most one charge for it.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyTest {

    private static final String CURRENCY = "HKD";

    @Inject
    TestChannels channels;
    @Inject
    Pool pool;

    String channel;

    @BeforeAll
    void channel() {
        channels.claimCurrency(CURRENCY);
        channel = channels.create(channels.uniqueCode("idem"), CURRENCY, 100, 20, 3000);
        // slow enough that the duplicates arrive while the first is still in flight
        Sim.behave(channel, Map.of("latencyMs", 300, "successRate", 1.0));
    }

    @AfterAll
    void retire() {
        channels.retire(channel);
    }

    @Test
    void fiftyConcurrentIdenticalRequestsMakeOnePaymentAndOneCharge() throws Exception {
        String orderNo = Payments.orderNo("IDEM");
        Map<String, Object> body = Payments.body(orderNo, "270.00", CURRENCY, "ICBC");
        List<Response> answers = concurrently(50, () -> Payments.create(body));

        Set<String> ids = answers.stream().map(r -> r.jsonPath().getString("id")).collect(Collectors.toSet());
        Map<Integer, Long> statuses = answers.stream().collect(Collectors.groupingBy(Response::statusCode, Collectors.counting()));
        assertEquals(1, ids.size(), "every answer names the same payment: " + ids);
        assertEquals(Map.of(202, 1L, 200, 49L), statuses, "one creation, 49 replays");
        assertEquals(1L, count("select count(*) from payment where merchant_id = 'm_demo' and merchant_order_no = $1", orderNo));

        String id = ids.iterator().next();
        assertEquals("SUCCEEDED", Payments.awaitTerminal(id, Duration.ofSeconds(20)).getString("status"));
        assertEquals(1L, count("select count(*) from attempt where payment_id = $1", id));
        assertEquals(1, Sim.charges(id), "exactly one charge in the ledger");

        // and a replay long after changes nothing either
        Payments.create(body).then().statusCode(200).body("id", equalTo(id)).body("status", equalTo("SUCCEEDED"));
        assertEquals(1, Sim.charges(id));
    }

    @Test
    void sameOrderNumberWithOtherContentIsRefused() {
        String orderNo = Payments.orderNo("IDEM");
        Map<String, Object> body = Payments.body(orderNo, "270.00", CURRENCY, "ICBC");
        String id = Payments.create(body).then().statusCode(202).extract().path("id");

        Payments.create(Payments.with(body, "amount", "271.00")).then().statusCode(409)
                .body("code", equalTo("IDEMPOTENCY_MISMATCH"))
                .body("paymentId", equalTo(id));
        Payments.create(Payments.withAccount(body, "number", "6222020000000000001")).then().statusCode(409)
                .body("code", equalTo("IDEMPOTENCY_MISMATCH"));
        Payments.create(Payments.with(body, "type", "PAYOUT")).then().statusCode(409);
        Payments.create(Payments.with(body, "metadata", Map.of("k", "v"))).then().statusCode(409);
        // the same amount written differently is the same content
        Payments.create(Payments.with(body, "amount", "270.0")).then().statusCode(200).body("id", equalTo(id));

        Payments.awaitTerminal(id, Duration.ofSeconds(20));
        assertEquals(1, Sim.charges(id));
        assertEquals("270.00", Payments.get(id).getString("amount"));
    }

    @Test
    void concurrentConflictingRequestsStillMakeOnePayment() throws Exception {
        String orderNo = Payments.orderNo("IDEM");
        Map<String, Object> a = Payments.body(orderNo, "10.00", CURRENCY, "ICBC");
        Map<String, Object> b = Payments.with(a, "amount", "20.00");
        List<Response> answers = concurrently(40, new Callable<>() {
            int n;

            @Override
            public synchronized Response call() {
                return Payments.create(n++ % 2 == 0 ? a : b);
            }
        });
        assertEquals(1L, count("select count(*) from payment where merchant_id = 'm_demo' and merchant_order_no = $1", orderNo));
        long created = answers.stream().filter(r -> r.statusCode() == 202).count();
        long conflicts = answers.stream().filter(r -> r.statusCode() == 409).count();
        long replays = answers.stream().filter(r -> r.statusCode() == 200).count();
        assertEquals(1, created);
        assertEquals(40, created + conflicts + replays, "only 202, 200 and 409 answers");
        assertTrue(conflicts >= 19, "the other content is refused every time: " + conflicts);
        String id = answers.stream().filter(r -> r.statusCode() == 202).findFirst().orElseThrow().jsonPath().getString("id");
        Payments.awaitTerminal(id, Duration.ofSeconds(20));
        assertEquals(1, Sim.charges(id));
    }

    private long count(String sql, String param) {
        return pool.preparedQuery(sql).execute(Tuple.of(param)).await().indefinitely().iterator().next().getLong(0);
    }

    static List<Response> concurrently(int n, Callable<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
