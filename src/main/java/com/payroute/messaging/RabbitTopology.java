package com.payroute.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;

/**
 * The broker layout of DESIGN.md "State": exchanges {@code payroute.tx} and {@code payroute.query}
 * routing by channel code to one durable quorum queue per channel on each; {@code payroute.notify}
 * routing by merchant; TTL delay queues behind the headers exchange {@code payroute.delay} that
 * dead-letter back to their target exchange when the delay is over; and {@code payroute.dead}
 * for poison messages. Every declaration is idempotent and is repeated on each reconnection.
 */
@ApplicationScoped
public class RabbitTopology {

    public static final String TX_EXCHANGE = "payroute.tx";
    public static final String QUERY_EXCHANGE = "payroute.query";
    public static final String NOTIFY_EXCHANGE = "payroute.notify";
    public static final String DELAY_EXCHANGE = "payroute.delay";
    public static final String DEAD_EXCHANGE = "payroute.dlx";
    public static final String DEAD_QUEUE = "payroute.dead";

    /** Headers of a delayed message that select its delay queue. */
    static final String DELAY_TARGET_HEADER = "payroute-delay-target";
    static final String DELAY_MS_HEADER = "payroute-delay-ms";

    private final MessagingConfig config;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Set<String> merchants = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<Long>> delays = new ConcurrentHashMap<>();

    RabbitTopology(MessagingConfig config) {
        this.config = config;
    }

    public static String txQueue(String channelCode) {
        return "tx." + channelCode;
    }

    public static String queryQueue(String channelCode) {
        return "query." + channelCode;
    }

    public static String notifyQueue(String merchantId) {
        return "notify." + merchantId;
    }

    /** Where a message that died in {@code queue} is published again when ops replay it. */
    public record Target(String exchange, String routingKey) {
    }

    static Target replayTarget(String queue) {
        int dot = queue.indexOf('.');
        String prefix = dot < 0 ? queue : queue.substring(0, dot);
        String key = dot < 0 ? "" : queue.substring(dot + 1);
        return switch (prefix) {
            case "tx" -> new Target(TX_EXCHANGE, key);
            case "query" -> new Target(QUERY_EXCHANGE, key);
            case "notify" -> new Target(NOTIFY_EXCHANGE, key);
            default -> new Target(DEAD_EXCHANGE, "");
        };
    }

    /** The dead-letter queue and its exchange (also part of {@link #declareAll}). */
    Uni<Void> declareDeadQueue(RabbitMQClient client) {
        return client.exchangeDeclare(DEAD_EXCHANGE, "fanout", true, false)
                .chain(() -> client.queueDeclare(DEAD_QUEUE, true, false, false, new JsonObject().put("x-queue-type", "quorum")))
                .chain(() -> client.queueBind(DEAD_QUEUE, DEAD_EXCHANGE, ""));
    }

    static String delayQueue(String targetExchange, long millis) {
        return "delay." + targetExchange.substring(targetExchange.indexOf('.') + 1) + "." + millis;
    }

    /** Remembers a delay step and declares its queue; only declared delays can be published. */
    Uni<Void> declareDelay(RabbitMQClient client, String targetExchange, Duration delay) {
        delays.computeIfAbsent(targetExchange, k -> ConcurrentHashMap.newKeySet()).add(delay.toMillis());
        return declareDelay(client, targetExchange, delay.toMillis());
    }

    /** Remembers a delay step to be declared on connection. */
    void rememberDelay(String targetExchange, Duration delay) {
        delays.computeIfAbsent(targetExchange, k -> ConcurrentHashMap.newKeySet()).add(delay.toMillis());
    }

    boolean hasDelay(String targetExchange, long millis) {
        Set<Long> steps = delays.get(targetExchange);
        return steps != null && steps.contains(millis);
    }

    /** Everything known so far, on a fresh connection. */
    Uni<Void> declareAll(RabbitMQClient client) {
        Uni<Void> base = client.exchangeDeclare(TX_EXCHANGE, "direct", true, false)
                .chain(() -> client.exchangeDeclare(QUERY_EXCHANGE, "direct", true, false))
                .chain(() -> client.exchangeDeclare(NOTIFY_EXCHANGE, "direct", true, false))
                .chain(() -> client.exchangeDeclare(DELAY_EXCHANGE, "headers", true, false))
                .chain(() -> declareDeadQueue(client));
        return base
                .chain(() -> Multi.createFrom().iterable(delays.entrySet())
                        .onItem().transformToUniAndConcatenate(e -> Multi.createFrom().iterable(e.getValue())
                                .onItem().transformToUniAndConcatenate(ms -> declareDelay(client, e.getKey(), ms))
                                .collect().last())
                        .collect().last())
                .chain(() -> Multi.createFrom().iterable(Set.copyOf(channels))
                        .onItem().transformToUniAndConcatenate(code -> declareChannel(client, code))
                        .collect().last())
                .chain(() -> Multi.createFrom().iterable(Set.copyOf(merchants))
                        .onItem().transformToUniAndConcatenate(m -> declareMerchant(client, m))
                        .collect().last())
                .replaceWithVoid();
    }

    /** Remembers a channel whose queues are declared on every connection. */
    void rememberChannel(String code) {
        channels.add(code);
    }

    /** Remembers a merchant whose callback queue is declared on every connection. */
    void rememberMerchant(String merchantId) {
        merchants.add(merchantId);
    }

    /** The transaction and query queues of a channel; remembered for later reconnections. */
    public Uni<Void> declareChannel(RabbitMQClient client, String code) {
        channels.add(code);
        return client.queueDeclare(txQueue(code), true, false, false, workQueueArguments())
                .chain(() -> client.queueBind(txQueue(code), TX_EXCHANGE, code))
                .chain(() -> client.queueDeclare(queryQueue(code), true, false, false, workQueueArguments()))
                .chain(() -> client.queueBind(queryQueue(code), QUERY_EXCHANGE, code));
    }

    /** The callback queue of a merchant; remembered for later reconnections. */
    public Uni<Void> declareMerchant(RabbitMQClient client, String merchantId) {
        merchants.add(merchantId);
        return client.queueDeclare(notifyQueue(merchantId), true, false, false, workQueueArguments())
                .chain(() -> client.queueBind(notifyQueue(merchantId), NOTIFY_EXCHANGE, merchantId));
    }

    private Uni<Void> declareDelay(RabbitMQClient client, String targetExchange, long millis) {
        String queue = delayQueue(targetExchange, millis);
        // One TTL for all its messages: they expire in order, so none waits behind a longer delay.
        // A quorum queue dead-letters at least once: an expired message leaves only once its target
        // queue has confirmed it, instead of being dropped (or stuck) when the target pushes back.
        JsonObject args = new JsonObject()
                .put("x-queue-type", "quorum")
                .put("x-message-ttl", millis)
                .put("x-dead-letter-exchange", targetExchange)
                .put("x-dead-letter-strategy", "at-least-once")
                .put("x-overflow", "reject-publish");
        return client.queueDeclare(queue, true, false, false, args)
                .chain(() -> client.queueBind(queue, DELAY_EXCHANGE, "", Map.of(
                        "x-match", "all",
                        DELAY_TARGET_HEADER, targetExchange,
                        DELAY_MS_HEADER, Long.toString(millis))));
    }

    private JsonObject workQueueArguments() {
        return new JsonObject()
                .put("x-queue-type", "quorum")
                .put("x-delivery-limit", config.deliveryLimit())
                .put("x-dead-letter-exchange", DEAD_EXCHANGE);
    }
}
