package com.payroute.channel;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.payroute.messaging.ConsumerLinks;
import com.payroute.messaging.Delivery;
import com.payroute.messaging.Disposition;
import com.payroute.messaging.MessagePublisher;
import com.payroute.messaging.QueueConsumers;
import com.payroute.messaging.QueueDepths;
import com.payroute.messaging.RabbitTopology;

import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Each channel's two queues: {@code tx.<channel>} for submissions and {@code query.<channel>} for
 * queries, of payments and refunds alike. Every replica that publishes declares the queues of every
 * channel (an exchange silently drops a message that has no queue to go to) and watches their
 * depth; worker replicas also consume them, transactions and queries on connections of their own
 * (so a flood of queries cannot hold up submissions), with a prefetch bounded by the channel's
 * limits, and hand each message to the {@link ChannelWork} of its purpose and kind.
 */
@ApplicationScoped
public class ChannelQueues {

    private static final Logger LOG = Logger.getLogger(ChannelQueues.class);
    /** The message field naming its kind of work; messages without it are payment attempts. */
    public static final String KIND = "kind";
    private static final String DEFAULT_KIND = "attempt";

    private record Route(Purpose purpose, String kind) {
    }

    private final ChannelRegistry registry;
    private final MessagePublisher publisher;
    private final RabbitTopology topology;
    private final QueueDepths depths;
    private final WorkerConfig worker;
    private final Map<Route, ChannelWork> work;
    private final Map<Purpose, QueueConsumers> consumers;
    /** Channels whose queues this replica declared; a reconnection declares them again by itself. */
    private final Set<String> declared = ConcurrentHashMap.newKeySet();

    ChannelQueues(ChannelRegistry registry, MessagePublisher publisher, RabbitTopology topology, QueueDepths depths,
            ConsumerLinks links, WorkerConfig worker, Instance<ChannelWork> work) {
        this.registry = registry;
        this.publisher = publisher;
        this.topology = topology;
        this.depths = depths;
        this.worker = worker;
        this.work = work.stream().collect(Collectors.toMap(w -> new Route(w.purpose(), w.kind()), Function.identity()));
        this.consumers = Map.of(Purpose.SUBMIT, links.open("tx"), Purpose.QUERY, links.open("query"));
    }

    void start(@Observes @Priority(30) StartupEvent event) {
        declare(registry.all());
        if (!worker.consume()) {
            return;
        }
        publisher.declareDelay(RabbitTopology.TX_EXCHANGE, worker.noPermitBackoff())
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("no-permit delay queue declared on connection instead: %s", failure));
        consumers.values().forEach(QueueConsumers::start);
        consumeAll(registry.all());
    }

    void onChannelsChanged(@Observes ChannelsChanged event) {
        declare(event.channels());
        if (worker.consume()) {
            consumeAll(event.channels());
        }
    }

    /**
     * Publishes {@code body} as work of {@code kind} to the channel's queue for {@code purpose}, after
     * {@code delay} (zero: now; otherwise a declared delay step). Fails when the broker did not confirm.
     */
    public Uni<Void> publish(Purpose purpose, String channelCode, String kind, String messageId, JsonObject body,
            Duration delay) {
        String exchange = exchange(purpose);
        JsonObject message = body.copy().put(KIND, kind);
        return delay.isZero() ? publisher.publish(exchange, channelCode, messageId, message)
                : publisher.publishDelayed(exchange, channelCode, messageId, message, delay);
    }

    /** Makes {@code delay} available to {@link #publish} for {@code purpose} (declared now and on every connection). */
    public void declareDelay(Purpose purpose, Duration delay) {
        publisher.declareDelay(exchange(purpose), delay).subscribe().with(ok -> {
        }, failure -> LOG.debugf("delay %s declared on connection instead: %s", delay, failure));
    }

    private static String exchange(Purpose purpose) {
        return purpose == Purpose.SUBMIT ? RabbitTopology.TX_EXCHANGE : RabbitTopology.QUERY_EXCHANGE;
    }

    private void declare(Collection<ChannelConfig> channels) {
        for (ChannelConfig channel : channels) {
            String code = channel.code();
            depths.watch(RabbitTopology.txQueue(code), "payroute.channel.queue.depth", Tags.of("channel", code, "queue", "tx"),
                    "Messages waiting in the channel's queue");
            depths.watch(RabbitTopology.queryQueue(code), "payroute.channel.queue.depth",
                    Tags.of("channel", code, "queue", "query"), "Messages waiting in the channel's queue");
            if (declared.add(code)) {
                publisher.declareChannel(code).subscribe().with(ok -> {
                }, failure -> {
                    declared.remove(code); // tried again on the next change, and on every connection
                    LOG.debugf("queues of %s declared on connection instead: %s", code, failure);
                });
            }
        }
    }

    private void consumeAll(Collection<ChannelConfig> channels) {
        for (ChannelConfig channel : channels) {
            // Disabled channels are consumed too: what is queued for them is routed elsewhere, and
            // their open attempts and refunds still need their queries.
            String code = channel.code();
            consume(Purpose.SUBMIT, RabbitTopology.txQueue(code), channel.totalConcurrency(), code);
            consume(Purpose.QUERY, RabbitTopology.queryQueue(code),
                    Math.min(worker.queryConcurrency(), channel.totalConcurrency()), code);
        }
    }

    private void consume(Purpose purpose, String queue, int prefetch, String code) {
        consumers.get(purpose).consume(queue, prefetch, client -> topology.declareChannel(client, code),
                delivery -> dispatch(purpose, code, delivery))
                .subscribe().with(ok -> {
                }, failure -> LOG.warnf("%s consumer for %s not started yet: %s", purpose.tag(), code, failure.toString()));
    }

    private Uni<Disposition> dispatch(Purpose purpose, String code, Delivery delivery) {
        String kind = delivery.body().getString(KIND, DEFAULT_KIND);
        ChannelWork handler = work.get(new Route(purpose, kind));
        if (handler == null) {
            LOG.errorf("message of unknown kind %s on %s dead-lettered", kind, delivery.queue());
            return Uni.createFrom().item(Disposition.DEAD_LETTER);
        }
        return handler.handle(code, delivery);
    }
}
