package com.payroute.messaging;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;

/**
 * On SIGTERM (Kubernetes rolling update, scale-in): stop taking messages from every queue, let
 * the messages already taken finish (channel calls complete, outcomes written, acks sent), then
 * close the consumer links. Runs before the publisher closes (it may still be needed to publish
 * follow-ups). Whatever does not finish in time is redelivered or found by the sweeper.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    private final Instance<Consuming> workers;

    @ConfigProperty(name = "payroute.shutdown.drain", defaultValue = "25s")
    Duration drain;

    GracefulShutdown(Instance<Consuming> workers) {
        this.workers = workers;
    }

    void onShutdown(@Observes @Priority(100) ShutdownEvent event) {
        List<QueueConsumers> consumers = workers.stream().map(Consuming::consumers).toList();
        try {
            Multi.createFrom().iterable(consumers).onItem().transformToUniAndMerge(QueueConsumers::stopConsuming)
                    .collect().last().await().atMost(Duration.ofSeconds(5));
            int inFlight = consumers.stream().mapToInt(QueueConsumers::inFlight).sum();
            LOG.infof("stopped consuming; finishing %d messages in flight (at most %s)", inFlight, drain);
            Multi.createFrom().iterable(consumers).onItem().transformToUniAndMerge(c -> c.drain(drain))
                    .collect().last().await().atMost(drain.plusSeconds(1));
            int left = consumers.stream().mapToInt(QueueConsumers::inFlight).sum();
            if (left > 0) {
                LOG.warnf("%d messages still in flight at shutdown; they will be redelivered", left);
            }
        } catch (RuntimeException e) {
            LOG.warnf("graceful shutdown incomplete: %s", e.toString());
        } finally {
            Multi.createFrom().iterable(consumers).onItem().transformToUniAndMerge(QueueConsumers::close)
                    .collect().last().onFailure().recoverWithNull().await().atMost(Duration.ofSeconds(5));
        }
    }
}
