package com.payroute.messaging;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;

/**
 * On SIGTERM (Kubernetes rolling update, scale-in): stop taking messages from every queue at once
 * (when the shutdown delay starts, while readiness already reports DOWN), let the messages
 * already taken finish (channel calls complete, outcomes written, acks sent), then close the
 * consumer links. Runs before the publisher closes (it may still be needed to publish follow-ups).
 * Whatever does not finish in time is redelivered or found by the sweeper.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    private final ConsumerLinks links;
    private final Duration drain;

    GracefulShutdown(ConsumerLinks links, ShutdownConfig config) {
        this.links = links;
        this.drain = config.drain();
    }

    /** The shutdown delay begins: no new work from now on. */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        stopConsuming(consumers());
    }

    void onShutdown(@Observes @Priority(100) ShutdownEvent event) {
        List<QueueConsumers> consumers = consumers();
        try {
            stopConsuming(consumers);
            LOG.infof("stopped consuming; finishing %d messages in flight (at most %s)", inFlight(consumers), drain);
            // A plain wait on the shutdown thread: timers may no longer fire at this point.
            long deadline = System.nanoTime() + drain.toNanos();
            while (inFlight(consumers) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            int left = inFlight(consumers);
            if (left > 0) {
                LOG.warnf("%d messages still in flight at shutdown; they will be redelivered", left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("graceful shutdown incomplete: %s", e.toString());
        } finally {
            Multi.createFrom().iterable(consumers).onItem().transformToUniAndMerge(QueueConsumers::close)
                    .collect().last().onFailure().recoverWithNull().await().atMost(Duration.ofSeconds(5));
        }
    }

    private List<QueueConsumers> consumers() {
        return links.all();
    }

    private static void stopConsuming(List<QueueConsumers> consumers) {
        Multi.createFrom().iterable(consumers).onItem().transformToUniAndMerge(QueueConsumers::stopConsuming)
                .collect().last().await().atMost(Duration.ofSeconds(5));
    }

    private static int inFlight(List<QueueConsumers> consumers) {
        return consumers.stream().mapToInt(QueueConsumers::inFlight).sum();
    }
}
