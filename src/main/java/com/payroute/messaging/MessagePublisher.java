package com.payroute.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.rabbitmq.client.AMQP;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.rabbitmq.RabbitMQConfirmation;

/**
 * Publishes persistent messages and completes only when the broker confirms them. A publish
 * that is not confirmed in time fails; callers never depend on it for correctness, because the
 * state in PostgreSQL lets the sweeper publish again (and every consumer is idempotent).
 */
@ApplicationScoped
public class MessagePublisher {

    private static final Logger LOG = Logger.getLogger(MessagePublisher.class);

    /** Publishes awaiting their confirm, by delivery tag, for one connection generation. */
    private record Confirms(long generation, ConcurrentNavigableMap<Long, CompletableFuture<Void>> byTag) {
    }

    private final RabbitLink link;
    private final RabbitTopology topology;
    private final MessagingConfig config;
    private final Counter published;
    private volatile Confirms confirms = new Confirms(-1, new ConcurrentSkipListMap<>());

    MessagePublisher(Vertx vertx, RabbitSettings settings, RabbitTopology topology, MessagingConfig config,
            InstallationFence fence, MeterRegistry meters) {
        this.published = meters.counter("payroute.messages.published"); // publishes per payment, for the bench
        this.topology = topology;
        this.config = config;
        this.link = new RabbitLink("publisher", vertx, settings, fence);
        link.onConnect(g -> topology.declareAll(g.client()).chain(() -> listenForConfirms(g)));
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        link.start();
    }

    void stop(@Observes @Priority(900) ShutdownEvent event) {
        link.close().await().atMost(Duration.ofSeconds(5));
    }

    public boolean isConnected() {
        return link.isConnected();
    }

    public Uni<Void> publish(String exchange, String routingKey, String messageId, JsonObject body) {
        return send(exchange, routingKey, messageId, body, Map.of());
    }

    /** As {@link #publish}, with headers of the caller's. */
    public Uni<Void> publish(String exchange, String routingKey, String messageId, JsonObject body, Map<String, Object> headers) {
        return send(exchange, routingKey, messageId, body, headers);
    }

    /**
     * Publishes through the delay queue of {@code delay}; the message reaches {@code exchange}
     * with {@code routingKey} once the delay is over. The delay must have been registered.
     */
    public Uni<Void> publishDelayed(String exchange, String routingKey, String messageId, JsonObject body, Duration delay) {
        long millis = delay.toMillis();
        if (!topology.hasDelay(exchange, millis)) {
            return Uni.createFrom().failure(new IllegalArgumentException("no delay queue of " + delay + " for " + exchange));
        }
        return send(RabbitTopology.DELAY_EXCHANGE, routingKey, messageId, body, Map.of(
                RabbitTopology.DELAY_TARGET_HEADER, exchange,
                RabbitTopology.DELAY_MS_HEADER, Long.toString(millis)));
    }

    /**
     * Declares a delay step (a TTL queue dead-lettering into {@code exchange}) now if connected,
     * and on every later connection. Consumers declare their delays when they start.
     */
    public Uni<Void> declareDelay(String exchange, Duration delay) {
        topology.rememberDelay(exchange, delay);
        return declare(client -> topology.declareDelay(client, exchange, delay));
    }

    /** Declares the queues of a channel now if connected, and on every later connection. */
    public Uni<Void> declareChannel(String code) {
        topology.rememberChannel(code);
        return declare(client -> topology.declareChannel(client, code));
    }

    /** Declares the callback queue of a merchant now if connected, and on every later connection. */
    public Uni<Void> declareMerchant(String merchantId) {
        topology.rememberMerchant(merchantId);
        return declare(client -> topology.declareMerchant(client, merchantId));
    }

    private Uni<Void> declare(java.util.function.Function<io.vertx.mutiny.rabbitmq.RabbitMQClient, Uni<Void>> declaration) {
        return link.serially(() -> {
            RabbitLink.Generation g;
            try {
                g = link.generation();
            } catch (BrokerUnavailableException e) {
                return Uni.createFrom().failure(e);
            }
            return declaration.apply(g.client());
        });
    }

    private Uni<Void> send(String exchange, String routingKey, String messageId, JsonObject body, Map<String, Object> headers) {
        return Uni.createFrom().<Void>emitter(emitter -> {
            published.increment();
            RabbitLink.Generation g;
            try {
                g = link.generation();
            } catch (BrokerUnavailableException e) {
                emitter.fail(e);
                return;
            }
            Confirms pending = confirms;
            if (pending.generation() != g.number()) {
                emitter.fail(new BrokerUnavailableException("publisher is reconnecting"));
                return;
            }
            CompletableFuture<Void> confirmed = new CompletableFuture<>();
            confirmed.whenComplete((ok, failure) -> {
                if (failure == null) {
                    emitter.complete(null);
                } else {
                    emitter.fail(failure);
                }
            });
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .contentType("application/json")
                    .deliveryMode(2)
                    .messageId(messageId)
                    .headers(headers.isEmpty() ? null : headers)
                    .build();
            // One context for all publishes of a link: reading the next delivery tag and
            // publishing must not interleave between two callers.
            link.context().runOnContext(v -> g.client()
                    .basicPublishWithDeliveryTag(exchange, routingKey, properties, Buffer.buffer(body.encode()),
                            tag -> pending.byTag().put(tag, confirmed))
                    .subscribe().with(ok -> {
                    }, confirmed::completeExceptionally));
        }).ifNoItem().after(config.publishTimeout())
                .failWith(() -> new BrokerUnavailableException("no publisher confirm within " + config.publishTimeout()));
    }

    private Uni<Void> listenForConfirms(RabbitLink.Generation g) {
        return g.client().addConfirmListener(100_000).invoke(stream -> {
            Confirms previous = confirms;
            confirms = new Confirms(g.number(), new ConcurrentSkipListMap<>());
            Confirms current = confirms;
            previous.byTag().values().forEach(f -> f.completeExceptionally(
                    new BrokerUnavailableException("connection lost before the broker confirmed")));
            stream.handler(confirmation -> settle(current, confirmation));
        }).replaceWithVoid();
    }

    private static void settle(Confirms pending, RabbitMQConfirmation confirmation) {
        Map<Long, CompletableFuture<Void>> settled = confirmation.isMultiple()
                ? pending.byTag().headMap(confirmation.getDeliveryTag(), true)
                : pending.byTag().subMap(confirmation.getDeliveryTag(), true, confirmation.getDeliveryTag(), true);
        for (var it = settled.entrySet().iterator(); it.hasNext();) {
            var entry = it.next();
            it.remove();
            if (confirmation.isSucceeded()) {
                entry.getValue().complete(null);
            } else {
                LOG.warnf("broker refused message with delivery tag %d", entry.getKey());
                entry.getValue().completeExceptionally(new BrokerUnavailableException("broker nacked the message"));
            }
        }
    }
}
