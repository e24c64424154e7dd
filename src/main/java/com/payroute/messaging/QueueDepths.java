package com.payroute.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Messages waiting in the watched queues, read every few seconds on a connection of its own (a
 * passive declare per queue) and kept for the admin API and a gauge per queue, so a scrape or an
 * ops page costs no broker round trip. The dead-letter queue is always watched.
 */
@ApplicationScoped
public class QueueDepths {

    private static final Logger LOG = Logger.getLogger(QueueDepths.class);

    private final RabbitLink link;
    private final MeterRegistry meters;
    private final Map<String, Long> depths = new ConcurrentHashMap<>();
    private final Map<String, Boolean> watched = new ConcurrentHashMap<>();

    QueueDepths(Vertx vertx, RabbitSettings settings, InstallationFence fence, MeterRegistry meters) {
        this.link = new RabbitLink("inspector", vertx, settings, fence);
        this.meters = meters;
        watch(RabbitTopology.DEAD_QUEUE, "payroute.dead.queue.depth", Tags.empty(), "Messages waiting in payroute.dead");
    }

    void start(@Observes @Priority(50) StartupEvent event) {
        link.start();
    }

    /** Reads {@code queue}'s depth from now on, exposed as the gauge {@code metric} with {@code tags}. */
    public void watch(String queue, String metric, Tags tags, String description) {
        if (watched.putIfAbsent(queue, true) == null) {
            Gauge.builder(metric, depths, d -> d.getOrDefault(queue, 0L)).tags(tags).description(description).register(meters);
        }
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
        List<String> queues = List.copyOf(watched.keySet());
        return link.serially(() -> Multi.createFrom().iterable(queues)
                .onItem().transformToUniAndConcatenate(queue -> link.generation().client().messageCount(queue)
                        .ifNoItem().after(Duration.ofSeconds(2)).fail()
                        .invoke(count -> depths.put(queue, count))
                        .onFailure().invoke(e -> LOG.debugf("depth of %s not read: %s", queue, e.toString()))
                        .onFailure().recoverWithNull())
                .collect().last().replaceWithVoid())
                .onFailure().recoverWithNull();
    }
}
