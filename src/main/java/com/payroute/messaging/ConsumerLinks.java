package com.payroute.messaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.core.Vertx;

/**
 * Opens the consumer links of the workers (one connection per role: transactions, queries,
 * callbacks, dead letters) and knows them all, so shutdown can drain them and readiness can watch them.
 */
@ApplicationScoped
public class ConsumerLinks {

    private final Vertx vertx;
    private final RabbitSettings settings;
    private final MessagingConfig config;
    private final InstallationFence fence;
    private final MeterRegistry meters;
    private final List<QueueConsumers> opened = new CopyOnWriteArrayList<>();

    ConsumerLinks(Vertx vertx, RabbitSettings settings, MessagingConfig config, InstallationFence fence, MeterRegistry meters) {
        this.vertx = vertx;
        this.settings = settings;
        this.config = config;
        this.fence = fence;
        this.meters = meters;
    }

    /** A set of consumers on a connection of its own, not started yet. */
    public QueueConsumers open(String name) {
        QueueConsumers consumers = new QueueConsumers(name, vertx, settings, config, fence, meters);
        opened.add(consumers);
        return consumers;
    }

    List<QueueConsumers> all() {
        return List.copyOf(opened);
    }
}
