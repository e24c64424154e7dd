package com.payroute.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.payroute.support.LocalServices;
import com.payroute.support.Payments;
import com.payroute.support.PayrouteProcess;
import com.payroute.support.SeparateInstance;
import com.payroute.support.Sim;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An API-only replica ({@code payroute.worker.consume=false}) on a broker where no worker has run
 * yet: it is ready, and what it accepts waits in the channel's transaction queue (which it declared
 * itself: an exchange drops a message that has no queue to go to) until a worker replica starts and
 * charges each payment once.
 */
@QuarkusTest
class ApiOnlyReplicaIT {

    private static final int PAYMENTS = 20;

    @Inject
    Vertx vertx;
    @Inject
    Pool pool;
    @ConfigProperty(name = "payroute.simulator.base-url")
    String simulatorBaseUrl;

    @Test
    void acceptedPaymentsWaitInTheQueueForAWorker() throws Exception {
        assumeTrue(LocalServices.available(), "needs rabbitmqctl and redis-cli of locally running services");
        assumeTrue(PayrouteProcess.packaged(), "needs the packaged application (mvn verify)");
        String channel = "api-only-" + ThreadLocalRandom.current().nextInt(10_000, 99_999);
        Sim.behave(channel, Map.of("latencyMs", 10));
        try (SeparateInstance instance = new SeparateInstance(vertx, pool, "apionly", 7)) {
            Map<String, String> apiOnly = instance.processConfig();
            apiOnly.put("payroute.worker.consume", "false");
            List<String> ids = new ArrayList<>();
            try (PayrouteProcess api = new PayrouteProcess("api-only", 8096, apiOnly)) {
                api.start().awaitReady(Duration.ofSeconds(60));
                instance.seedMerchant();
                instance.channel(channel, simulatorBaseUrl, 5, 5_000);
                ids.add(api.firstAccepted(instance.apiKey, "APIONLY")); // once the process has picked up the channel
                for (int i = 1; i < PAYMENTS; i++) {
                    ids.add(api.asMerchant(instance.apiKey).body(Payments.body(Payments.orderNo("APIONLY"), "1.00", "CNY", "ICBC"))
                            .post("/v1/payments").then().statusCode(202).extract().<String>path("id"));
                }
                // A 202 does not wait for the broker's confirm, so the last publishes may still be on their way.
                // The count is read again for at most 5 s: well before the sweeper would publish a ROUTED
                // attempt again (routed-after, 10 s), so a count above PAYMENTS would be a real duplicate.
                String queue = RabbitTopology.txQueue(channel);
                long deadline = System.currentTimeMillis() + 5_000;
                while (waiting(instance.vhost, queue) < PAYMENTS && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(PAYMENTS, waiting(instance.vhost, queue), "every accepted payment waits in " + queue);
                assertEquals(0, Sim.describe(channel).getLong("received"), "an API-only replica calls no channel");
            }

            try (PayrouteProcess worker = new PayrouteProcess("api-only-worker", 8096, instance.processConfig())) {
                worker.start().awaitReady(Duration.ofSeconds(60));
                long deadline = System.currentTimeMillis() + 30_000;
                while (succeeded(instance, ids) < PAYMENTS && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
            }
            assertEquals(PAYMENTS, succeeded(instance, ids), "the worker replica completed every payment");
            for (String id : ids) {
                assertEquals(1, Sim.charges(id), "payment " + id + " charged once");
            }
        }
    }

    private static long waiting(String vhost, String queue) throws Exception {
        var config = ConfigProvider.getConfig();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.getValue("rabbitmq-host", String.class));
        factory.setPort(config.getValue("rabbitmq-port", Integer.class));
        factory.setUsername(config.getValue("rabbitmq-username", String.class));
        factory.setPassword(config.getValue("rabbitmq-password", String.class));
        factory.setVirtualHost(vhost);
        try (Connection connection = factory.newConnection(); Channel ch = connection.createChannel()) {
            return ch.messageCount(queue);
        }
    }

    private static long succeeded(SeparateInstance instance, List<String> ids) {
        return instance.pool().preparedQuery("select count(*) from payment where status = 'SUCCEEDED' and id = any($1)")
                .execute(Tuple.of(ids.toArray(String[]::new))).await().indefinitely().iterator().next().getLong(0);
    }
}
