package com.payroute.payment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A merchant that hangs up right after sending POST /v1/payments (client timeout, crashed caller,
 * load balancer reset) must not leave its committed payment waiting for the sweeper: the request's
 * work is not cancelled with the connection, so every stored payment is handed to its channel at
 * once. The sweeper's ROUTED threshold in tests is 10 s; every attempt must have left ROUTED well
 * before it, and each payment is charged exactly once.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AbandonedRequestTest {

    private static final String CURRENCY = "ILS";
    private static final int REQUESTS = 80;

    @Inject
    TestChannels channels;
    @Inject
    Pool pool;

    String channel;

    @BeforeAll
    void channel() {
        channels.claimCurrency(CURRENCY);
        channel = channels.create(channels.uniqueCode("hangup"), CURRENCY, 100, 40, 3000);
        Sim.behave(channel, Map.of("latencyMs", 20, "successRate", 1.0, "deduplicate", false));
    }

    @AfterAll
    void retire() {
        channels.retire(channel);
    }

    @Test
    void aPaymentWhoseCallerHungUpIsSubmittedAtOnce() throws Exception {
        String prefix = Payments.orderNo("HANGUP");
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        ObjectMapper json = new ObjectMapper();
        long sentAt = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            byte[] body = json.writeValueAsBytes(Payments.body(prefix + "-" + i, "10.00", CURRENCY, "ICBC"));
            String head = "POST /v1/payments HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + Payments.DEMO_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            try (Socket socket = new Socket("localhost", port)) {
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                // Hang up before the answer: at once, or while the payment is being stored.
                Thread.sleep(ThreadLocalRandom.current().nextInt(0, 4));
            }
        }

        Duration sweeperWouldAct = Duration.ofSeconds(10);
        List<String> stored = new ArrayList<>();
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            stored.clear();
            long routed = 0;
            for (Row row : pool.preparedQuery("select p.id, a.status from payment p join attempt a on a.payment_id = p.id "
                    + "where p.merchant_order_no like $1 and a.seq = 1").execute(Tuple.of(prefix + "-%")).await().indefinitely()) {
                stored.add(row.getString("id"));
                routed += "ROUTED".equals(row.getString("status")) ? 1 : 0;
            }
            assertTrue(stored.size() >= REQUESTS / 2, "most hung-up requests were still stored: " + stored.size());
            assertEquals(0, routed, "attempts still waiting to be published");
        });
        assertTrue(Duration.ofNanos(System.nanoTime() - sentAt).compareTo(sweeperWouldAct) < 0,
                "published by the request itself, not by the sweeper");

        for (String id : stored) {
            assertEquals("SUCCEEDED", Payments.awaitTerminal(id, Duration.ofSeconds(20)).getString("status"));
        }
        List<Map<String, Object>> ledger = Sim.ledger();
        for (String id : stored) {
            int charges = ledger.stream().filter(e -> id.equals(e.get("orderNo"))).mapToInt(e -> ((Number) e.get("charges")).intValue()).sum();
            assertEquals(1, charges, id + " charged once");
        }
    }
}
