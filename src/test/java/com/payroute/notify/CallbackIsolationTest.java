package com.payroute.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.payroute.support.CallbackReceiver;
import com.payroute.support.Merchants;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Callbacks for 1,000 payments while one merchant's endpoint hangs: the other merchants'
 * callbacks all arrive within seconds of their payment ending.
 */
@QuarkusTest
class CallbackIsolationTest {

    private static final Logger LOG = Logger.getLogger(CallbackIsolationTest.class);
    private static final String CURRENCY = "HRK";

    @Inject
    TestChannels channels;
    @Inject
    Merchants merchants;
    @Inject
    CallbackWorker worker;
    @Inject
    Pool pool;

    @Test
    void aHangingEndpointDelaysNoOtherMerchant() throws Exception {
        channels.claimCurrency(CURRENCY);
        String channel = channels.create(channels.uniqueCode("iso"), CURRENCY, 100, 50, 2000);
        Sim.behave(channel, Map.of("latencyMs", 5, "maxConcurrency", 100));
        Merchants.Created hanging = merchants.create("m_hang", null);
        Merchants.Created a = merchants.create("m_a", null);
        Merchants.Created b = merchants.create("m_b", null);
        List.of(hanging.id(), a.id(), b.id()).forEach(worker::consume);

        try (CallbackReceiver dead = new CallbackReceiver(n -> 0);
                CallbackReceiver fastA = CallbackReceiver.answering(200);
                CallbackReceiver fastB = CallbackReceiver.answering(200)) {
            Map<String, String> keyOf = Map.of(hanging.id(), hanging.apiKey(), a.id(), a.apiKey(), b.id(), b.apiKey());
            Map<String, String> urlOf = Map.of(hanging.id(), dead.url(), a.id(), fastA.url(), b.id(), fastB.url());
            List<String> order = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                order.add(i % 5 < 2 ? hanging.id() : i % 5 < 4 ? a.id() : b.id()); // 400 hanging, 400 a, 200 b
            }
            ExecutorService clients = Executors.newFixedThreadPool(16);
            Map<String, String> merchantOfPayment = new HashMap<>();
            try {
                List<Future<String[]>> sent = new ArrayList<>();
                for (String merchant : order) {
                    sent.add(clients.submit(() -> {
                        Map<String, Object> body = Payments.with(Payments.body(Payments.orderNo("ISO"), "1.00", CURRENCY, "ICBC"),
                                "notifyUrl", urlOf.get(merchant));
                        return new String[] { Payments.create(body, keyOf.get(merchant)).then().statusCode(202)
                                .extract().<String>path("id"), merchant };
                    }));
                }
                for (Future<String[]> f : sent) {
                    String[] idAndMerchant = f.get();
                    merchantOfPayment.put(idAndMerchant[0], idAndMerchant[1]);
                }
            } finally {
                clients.shutdownNow();
            }
            List<String> others = merchantOfPayment.entrySet().stream().filter(e -> !e.getValue().equals(hanging.id()))
                    .map(Map.Entry::getKey).toList();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> fastA.received().size() + fastB.received().size() >= others.size());

            // lag: from the payment ending to its callback arriving
            List<Long> lags = new ArrayList<>();
            for (CallbackReceiver.Received r : concat(fastA.received(), fastB.received())) {
                String paymentId = new io.restassured.path.json.JsonPath(r.body()).getString("id");
                lags.add(r.receivedAtMillis() - completedAtMillis(paymentId));
            }
            lags.sort(Long::compare);
            long p50 = lags.get(lags.size() / 2);
            long p99 = lags.get((int) (lags.size() * 0.99) - 1);
            long max = lags.get(lags.size() - 1);
            long hangingTries = dead.received().size();
            LOG.infof("callbacks of %d payments of two merchants arrived %d ms (p50), %d ms (p99), %d ms (max) after their payment "
                    + "ended, while the third merchant's endpoint hung (%d tries to it so far)", others.size(), p50, p99, max, hangingTries);
            assertEquals(others.size(), fastA.received().size() + fastB.received().size(), "every callback of the others, once");
            assertTrue(p99 < 5_000, "p99 lag " + p99 + " ms");
            assertTrue(hangingTries > 0, "the hanging merchant was being called meanwhile");
            assertEquals(0L, pool.preparedQuery("select count(*) from notification where merchant_id = $1 and status = 'DELIVERED'")
                    .execute(Tuple.of(hanging.id())).await().indefinitely().iterator().next().getLong(0));
        } finally {
            channels.retire(channel);
        }
    }

    private long completedAtMillis(String paymentId) {
        Row row = pool.preparedQuery("select completed_at from payment where id = $1").execute(Tuple.of(paymentId))
                .await().indefinitely().iterator().next();
        return row.getOffsetDateTime("completed_at").toInstant().toEpochMilli();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
