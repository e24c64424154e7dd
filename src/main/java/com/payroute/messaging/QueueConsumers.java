package com.payroute.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.rabbitmq.RabbitMQConsumer;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;
import io.vertx.mutiny.rabbitmq.RabbitMQMessage;
import io.vertx.rabbitmq.QueueOptions;

/**
 * A set of queue consumers on one {@link RabbitLink}, each with its own prefetch (the
 * broker never hands a consumer more unacknowledged messages than that) and its own event
 * loop. Acknowledgement follows the handler's {@link Disposition}, only after its work is done.
 */
public final class QueueConsumers {

    private static final Logger LOG = Logger.getLogger(QueueConsumers.class);

    private record Spec(int prefetch, Function<RabbitMQClient, Uni<Void>> declare,
            Function<Delivery, Uni<Disposition>> handler, boolean anyBody) {
    }

    private record Active(Spec spec, RabbitMQConsumer consumer, long generation) {
    }

    private final String name;
    private final RabbitLink link;
    private final Vertx vertx;
    private final MessagingConfig config;
    private final Map<String, Spec> desired = new ConcurrentHashMap<>();
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter duplicates;
    private final Map<Disposition, Counter> settled = new java.util.EnumMap<>(Disposition.class);
    private volatile boolean stopping;
    private volatile boolean started;

    QueueConsumers(String name, Vertx vertx, RabbitSettings settings, MessagingConfig config, InstallationFence fence,
            MeterRegistry meters) {
        this.name = name;
        this.duplicates = meters.counter("payroute.messages.duplicate", "consumer", name);
        for (Disposition d : Disposition.values()) { // acks and nacks per payment, for the bench
            settled.put(d, meters.counter("payroute.messages.settled", "consumer", name, "disposition", d.name().toLowerCase()));
        }
        this.vertx = vertx;
        this.config = config;
        this.link = new RabbitLink(name, vertx, settings, fence);
        link.onConnect(this::consumeAll);
    }

    public void start() {
        started = true;
        link.start();
    }

    /** Whether this replica consumes these queues at all (payroute.worker.consume). */
    public boolean isStarted() {
        return started;
    }

    public String name() {
        return name;
    }

    public boolean isConnected() {
        return link.isConnected();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Consumes {@code queue} with this prefetch, now and after every reconnection. {@code declare}
     * (idempotent) makes sure the queue exists first: consuming a missing queue would close the channel.
     */
    public Uni<Void> consume(String queue, int prefetch, Function<RabbitMQClient, Uni<Void>> declare,
            Function<Delivery, Uni<Disposition>> handler) {
        return consume(new Spec(Math.max(1, prefetch), declare, handler, false), queue);
    }

    /** As {@link #consume}, for a handler that takes any body, JSON or not (its {@code body()} is then null). */
    public Uni<Void> consumeAnyBody(String queue, int prefetch, Function<RabbitMQClient, Uni<Void>> declare,
            Function<Delivery, Uni<Disposition>> handler) {
        return consume(new Spec(Math.max(1, prefetch), declare, handler, true), queue);
    }

    private Uni<Void> consume(Spec spec, String queue) {
        if (stopping) {
            return Uni.createFrom().voidItem(); // shutting down: no new consumers
        }
        Spec previous = desired.put(queue, spec);
        if (previous != null && previous.prefetch() == spec.prefetch()) {
            return Uni.createFrom().voidItem();
        }
        return link.serially(() -> {
            RabbitLink.Generation g;
            try {
                g = link.generation();
            } catch (BrokerUnavailableException e) {
                return Uni.createFrom().voidItem(); // consumeAll() applies it on connection
            }
            return cancel(queue).chain(() -> subscribe(g, queue, spec));
        });
    }

    /** Stops taking new messages from every queue (idempotent); messages being processed still complete. */
    public Uni<Void> stopConsuming() {
        stopping = true;
        return link.serially(() -> Multi.createFrom().iterable(List.copyOf(active.keySet()))
                .onItem().transformToUniAndConcatenate(this::cancel)
                .collect().last().replaceWithVoid());
    }

    public Uni<Void> close() {
        return link.close();
    }

    private Uni<Void> consumeAll(RabbitLink.Generation g) {
        active.clear(); // consumers of an earlier connection died with it
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(Map.copyOf(desired).entrySet())
                .onItem().transformToUniAndConcatenate(e -> subscribe(g, e.getKey(), e.getValue()))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> cancel(String queue) {
        Active current = active.remove(queue);
        if (current == null) {
            return Uni.createFrom().voidItem();
        }
        return current.consumer().cancel().onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> subscribe(RabbitLink.Generation g, String queue, Spec spec) {
        // A context of its own, on the next event loop, for each consumer's deliveries.
        Context eventLoop = ((VertxInternal) vertx.getDelegate()).createEventLoopContext();
        return spec.declare().apply(g.client())
                .chain(() -> g.client().basicQos(spec.prefetch(), false))
                .chain(() -> Uni.createFrom().<RabbitMQConsumer>emitter(em -> eventLoop.runOnContext(v -> g.client()
                        .basicConsumer(queue, new QueueOptions().setAutoAck(false).setMaxInternalQueueSize(Integer.MAX_VALUE))
                        .subscribe().with(em::complete, em::fail))))
                .invoke(consumer -> {
                    LOG.debugf("consuming %s with prefetch %d (generation %d)", queue, spec.prefetch(), g.number());
                    consumer.handler(message -> handle(g, queue, spec, message));
                    active.put(queue, new Active(spec, consumer, g.number()));
                })
                .replaceWithVoid();
    }

    private void handle(RabbitLink.Generation g, String queue, Spec spec, RabbitMQMessage message) {
        inFlight.incrementAndGet();
        long tag = message.envelope().getDeliveryTag();
        LOG.debugf("received %s#%d on %s (generation %d)", queue, tag, Thread.currentThread().getName(), g.number());
        Delivery delivery;
        try {
            Map<String, Object> headers = message.properties() == null || message.properties().getHeaders() == null
                    ? Map.of() : message.properties().getHeaders();
            String raw = message.body().toString();
            JsonObject json;
            try {
                json = new JsonObject(raw);
            } catch (DecodeException | ClassCastException notJson) {
                if (!spec.anyBody()) {
                    throw notJson;
                }
                json = null;
            }
            String messageId = message.properties() == null ? null : message.properties().getMessageId();
            delivery = new Delivery(queue, json, raw, messageId, message.envelope().isRedeliver(), headers);
        } catch (DecodeException | ClassCastException e) {
            LOG.errorf("unreadable message on %s dead-lettered", queue);
            settle(g, tag, Disposition.DEAD_LETTER);
            return;
        }
        Uni.createFrom().deferred(() -> spec.handler().apply(delivery))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf(failure, "processing a message from %s failed; it will be redelivered", queue);
                    return Disposition.RETRY;
                })
                .subscribe().with(disposition -> settle(g, tag, disposition, retryDelay(delivery)));
    }

    /**
     * A message handed back because a dependency is down waits longer each time it comes back
     * (x-delivery-count, set by the quorum queue), so an outage of a minute or more does not use up
     * the queue's delivery limit and dead-letter it.
     */
    private Duration retryDelay(Delivery delivery) {
        Object count = delivery.headers().get("x-delivery-count");
        int returned = count instanceof Number n ? Math.max(0, Math.min(20, n.intValue())) : 0;
        long millis = config.failureRequeueDelay().toMillis() << returned;
        return Duration.ofMillis(Math.min(millis, config.retryBackoffMax().toMillis()));
    }

    private void settle(RabbitLink.Generation g, long tag, Disposition disposition) {
        settle(g, tag, disposition, config.failureRequeueDelay());
    }

    private void settle(RabbitLink.Generation g, long tag, Disposition disposition, Duration retryDelay) {
        LOG.debugf("settling delivery %d of generation %d: %s", tag, g.number(), disposition);
        if (!link.isCurrent(g)) {
            // The connection that delivered it is gone and the broker has handed it back already.
            inFlight.decrementAndGet();
            return;
        }
        settled.get(disposition).increment();
        Uni<Void> settlement = switch (disposition) {
            case ACK -> g.client().basicAck(tag, false);
            case DUPLICATE -> {
                duplicates.increment();
                yield g.client().basicAck(tag, false);
            }
            case DEAD_LETTER -> g.client().basicNack(tag, false, false);
            case RETRY -> Uni.createFrom().voidItem().onItem().delayIt().by(retryDelay)
                    .chain(() -> g.client().basicNack(tag, false, true));
        };
        settlement.onTermination().invoke(inFlight::decrementAndGet)
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("settling delivery %d failed: %s", tag, failure));
    }
}
