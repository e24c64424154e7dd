package com.payroute.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;

/**
 * Acks held to leave together ({@link HeldAcks}) against the real broker: a multiple ack must never
 * cover a delivery whose work is not done, or one that was handed back, and every finished delivery
 * must be acked exactly once. Deliveries finish out of order on purpose (slow ones, retried ones,
 * dropped ones between fast ones), and the broker's count of what is left, after the consumer's
 * connection is gone, is the outcome.
 */
@QuarkusTest
class HeldAcksTest {

    private static final int MESSAGES = 300;

    @Inject
    Vertx vertx;
    @Inject
    RabbitSettings settings;
    @Inject
    MessagingConfig config;
    @Inject
    InstallationFence fence;
    @Inject
    MeterRegistry meters;
    @Inject
    MessagePublisher publisher;

    @Test
    void outOfOrderDeliveriesAreEachAckedOnceAndNoneBeforeItsWorkIsDone() {
        String queue = "test.held-acks." + UUID.randomUUID();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> acked = new ConcurrentHashMap<>();
        QueueConsumers consumers = new QueueConsumers("held-acks-test", vertx, settings, config, fence, meters);
        try {
            consumers.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.isConnected() && consumers.isConnected());
            consumers.consume(queue, 40, declare(queue), delivery -> {
                int n = delivery.body().getInteger("n");
                String id = delivery.messageId();
                int seen = deliveries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                if (n == 7) {
                    return Uni.createFrom().nothing(); // never finishes: its ack must never be sent
                }
                if (n % 11 == 3 && seen == 1) {
                    return Uni.createFrom().item(Disposition.RETRY); // handed back once, then done
                }
                if (n % 13 == 5) {
                    return Uni.createFrom().item(Disposition.DEAD_LETTER); // dropped: a gap the acks must pass
                }
                Uni<Disposition> done = Uni.createFrom().item(Disposition.ACK)
                        .invoke(() -> acked.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
                // some finish well after the deliveries that came after them
                return n % 10 == 4 ? done.onItem().delayIt().by(Duration.ofMillis(150 + n)) : done;
            }).await().atMost(Duration.ofSeconds(10));
            for (int n = 0; n < MESSAGES; n++) {
                publisher.publish("", queue, queue + "#" + n, new JsonObject().put("n", n)).await().atMost(Duration.ofSeconds(10));
            }
            long toAck = java.util.stream.IntStream.range(0, MESSAGES).filter(n -> n != 7 && n % 13 != 5).count();
            // everything but message 7 is settled, and the acks have left: only 7 is still in flight
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(toAck + " acked, 1 in flight",
                    acked.size() + " acked, " + consumers.inFlight() + " in flight"));

            acked.forEach((id, count) -> assertEquals(1, count.get(), id + " acked once"));
            deliveries.forEach((id, count) -> {
                int n = Integer.parseInt(id.substring(id.indexOf('#') + 1));
                assertEquals(n % 11 == 3 && n != 7 ? 2 : 1, count.get(), id + " deliveries");
            });
        } finally {
            consumers.close().await().atMost(Duration.ofSeconds(10));
        }
        // the consumer's connection is gone: what it never acked is back in the queue, and that is message 7 alone
        RabbitMQClient client = RabbitMQClient.create(vertx, settings.options("held-acks-check"));
        try {
            client.start().await().atMost(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(1, declare(queue, client).getMessageCount()));
            var left = client.basicGet(queue, true).await().atMost(Duration.ofSeconds(10));
            assertTrue(left != null && left.properties().getMessageId().endsWith("#7"), "the unfinished delivery is the one left");
            client.queueDelete(queue).await().atMost(Duration.ofSeconds(10));
        } finally {
            client.stop().await().atMost(Duration.ofSeconds(10));
        }
    }

    @Test
    void aBurstIsAckedInFewerFramesThanMessagesAndNothingIsLeft() {
        String queue = "test.held-acks." + UUID.randomUUID();
        AtomicInteger done = new AtomicInteger();
        QueueConsumers consumers = new QueueConsumers("held-acks-burst", vertx, settings, config, fence, meters);
        double framesBefore = meters.counter("payroute.messages.ack.frames", "consumer", "held-acks-burst").count();
        try {
            consumers.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.isConnected() && consumers.isConnected());
            consumers.consume(queue, 40, declare(queue), delivery -> Uni.createFrom().item(Disposition.ACK)
                    .invoke(done::incrementAndGet)).await().atMost(Duration.ofSeconds(10));
            Uni.join().all(java.util.stream.IntStream.range(0, 200)
                    .mapToObj(n -> publisher.publish("", queue, queue + "#" + n, new JsonObject().put("n", n)))
                    .toList()).andFailFast().await().atMost(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(60)).until(() -> done.get() == 200 && consumers.inFlight() == 0);
            double frames = meters.counter("payroute.messages.ack.frames", "consumer", "held-acks-burst").count() - framesBefore;
            assertTrue(frames <= 100, "200 acks left in " + frames + " frames");
        } finally {
            consumers.close().await().atMost(Duration.ofSeconds(10));
        }
        RabbitMQClient client = RabbitMQClient.create(vertx, settings.options("held-acks-check"));
        try {
            client.start().await().atMost(Duration.ofSeconds(10));
            assertEquals(0, declare(queue, client).getMessageCount(), "every message acked");
            client.queueDelete(queue).await().atMost(Duration.ofSeconds(10));
        } finally {
            client.stop().await().atMost(Duration.ofSeconds(10));
        }
    }

    private static Function<RabbitMQClient, Uni<Void>> declare(String queue) {
        return client -> client.queueDeclare(queue, true, false, false, new JsonObject().put("x-queue-type", "quorum"))
                .replaceWithVoid();
    }

    private static com.rabbitmq.client.AMQP.Queue.DeclareOk declare(String queue, RabbitMQClient client) {
        return client.queueDeclare(queue, true, false, false, new JsonObject().put("x-queue-type", "quorum"))
                .await().atMost(Duration.ofSeconds(10));
    }
}
