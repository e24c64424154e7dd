package com.payroute.query;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.payroute.messaging.MessagePublisher;
import com.payroute.messaging.RabbitTopology;

import io.quarkus.runtime.StartupEvent;

/** The delays of API.md's query schedule (payroute.query.schedule), each one a delay queue. */
@ApplicationScoped
public class QuerySchedule {

    private static final Logger LOG = Logger.getLogger(QuerySchedule.class);

    private final List<Duration> steps;
    private final MessagePublisher publisher;

    QuerySchedule(QueryConfig config, MessagePublisher publisher) {
        this.steps = List.copyOf(config.schedule());
        this.publisher = publisher;
        if (steps.isEmpty() || steps.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalStateException("payroute.query.schedule needs at least one positive delay");
        }
    }

    void declareDelays(@Observes @Priority(12) StartupEvent event) {
        steps.stream().distinct().forEach(delay -> publisher.declareDelay(RabbitTopology.QUERY_EXCHANGE, delay)
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("query delay %s declared on connection instead: %s", delay, failure)));
    }

    public Duration first() {
        return steps.get(0);
    }

    /** The delay before step {@code step}, or empty when the schedule is exhausted. */
    public Optional<Duration> delayBefore(int step) {
        return step < steps.size() ? Optional.of(steps.get(step)) : Optional.empty();
    }

    public int size() {
        return steps.size();
    }
}
