package com.payroute.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelRegistry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Messages waiting in each channel's transaction and query queues, read every few seconds on a
 * connection of its own (a passive declare per queue) and kept for the admin API and the
 * {@code payroute_channel_queue_depth} gauge, so a scrape or an ops page costs no broker round trip.
 */
@ApplicationScoped
public class QueueDepths {

    private static final Logger LOG = Logger.getLogger(QueueDepths.class);

    private final RabbitLink link;
    private final ChannelRegistry registry;
    private final MeterRegistry meters;
    private final Map<String, Long> depths = new ConcurrentHashMap<>();

    QueueDepths(Vertx vertx, RabbitSettings settings, ChannelRegistry registry, MeterRegistry meters) {
        this.link = new RabbitLink("inspector", vertx, settings);
        this.registry = registry;
        this.meters = meters;
    }

    void start(@Observes @Priority(50) StartupEvent event) {
        link.start();
    }

    /** Messages ready in the queue at the last reading, or null when not read yet. */
    public Long depth(String queue) {
        return depths.get(queue);
    }

    @Scheduled(every = "${payroute.messaging.depth-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        if (!link.isConnected()) {
            return Uni.createFrom().voidItem();
        }
        List<String> queues = registry.all().stream()
                .flatMap(c -> List.of(RabbitTopology.txQueue(c.code()), RabbitTopology.queryQueue(c.code())).stream())
                .toList();
        for (ChannelConfig channel : registry.all()) {
            gauge(channel.code(), "tx", RabbitTopology.txQueue(channel.code()));
            gauge(channel.code(), "query", RabbitTopology.queryQueue(channel.code()));
        }
        return link.serially(() -> Multi.createFrom().iterable(queues)
                .onItem().transformToUniAndConcatenate(queue -> link.generation().client().messageCount(queue)
                        .ifNoItem().after(Duration.ofSeconds(2)).fail()
                        .invoke(count -> depths.put(queue, count))
                        .onFailure().invoke(e -> LOG.debugf("depth of %s not read: %s", queue, e.toString()))
                        .onFailure().recoverWithNull())
                .collect().last().replaceWithVoid())
                .onFailure().recoverWithNull();
    }

    private void gauge(String channel, String kind, String queue) {
        Gauge.builder("payroute.channel.queue.depth", depths, d -> d.getOrDefault(queue, 0L))
                .tags("channel", channel, "queue", kind)
                .description("Messages waiting in the channel's queue")
                .register(meters);
    }
}
