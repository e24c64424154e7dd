package com.payroute.recovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.payroute.messaging.MessagePublisher;
import com.payroute.support.Http;
import com.payroute.support.LocalServices;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The broker drops every connection, then Redis restarts (losing everything it held), both in the
 * middle of a load: payroute reconnects by itself, no payment is lost, none is charged twice.
 */
@QuarkusTest
class ResilienceIT {

    private static final Logger LOG = Logger.getLogger(ResilienceIT.class);
    private static final String CURRENCY = "ZAR";
    private static final int PAYMENTS = 300;

    @Inject
    TestChannels channels;
    @Inject
    MessagePublisher publisher;

    @Test
    void brokerConnectionsClosedAndRedisRestartedUnderLoad() throws Exception {
        assumeTrue(LocalServices.available(), "needs rabbitmqctl and redis-cli of locally running services");
        channels.claimCurrency(CURRENCY);
        String a = channels.create(channels.uniqueCode("resilient"), CURRENCY, 100, 10, 1000);
        String b = channels.create(channels.uniqueCode("resilient"), CURRENCY, 100, 10, 1000);
        Sim.behave(a, Map.of("latencyMs", 30));
        Sim.behave(b, Map.of("latencyMs", 30));

        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<String>> sent = new ArrayList<>();
        try {
            for (int i = 0; i < PAYMENTS; i++) {
                if (i == 75) {
                    LOG.info("closing every RabbitMQ connection");
                    assertEquals(0, LocalServices.run("rabbitmqctl", "close_all_connections", "resilience test"));
                }
                if (i == 175) {
                    LOG.info("restarting Redis");
                    LocalServices.restartRedis(1500);
                }
                Map<String, Object> body = Payments.body(Payments.orderNo("RESILIENT"), "8.00", CURRENCY, "ICBC");
                sent.add(clients.submit(() -> Payments.create(body).then().statusCode(202).extract().<String>path("id")));
                Thread.sleep(40);
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : sent) {
                ids.add(f.get());
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ids.stream().noneMatch(id -> "PROCESSING".equals(Payments.get(id).getString("status"))));

            for (String id : ids) {
                assertEquals("SUCCEEDED", Payments.get(id).getString("status"), id);
                assertEquals(1, Sim.charges(id), "charged exactly once: " + id);
            }
            assertTrue(publisher.isConnected(), "publisher reconnected");
            // readiness watches every consumer link: transactions, queries, callbacks, dead letters
            await().atMost(Duration.ofSeconds(10)).until(() -> Http.given().get("/q/health/ready").statusCode() == 200);
        } finally {
            clients.shutdownNow();
            if (LocalServices.run("redis-cli", "ping") != 0) {
                LocalServices.restartRedis(0);
            }
            channels.retire(a, b);
        }
    }
}
