package com.payroute.query;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.payroute.channel.ChannelQueues;
import com.payroute.channel.Purpose;

import io.quarkus.runtime.StartupEvent;

/**
 * The delays of API.md's query schedule (payroute.query.schedule), each one a delay queue. Payments
 * and refunds follow the same schedule.
 */
@ApplicationScoped
public class QuerySchedule {

    private final List<Duration> steps;
    private final ChannelQueues queues;

    QuerySchedule(QueryConfig config, ChannelQueues queues) {
        this.steps = List.copyOf(config.schedule());
        this.queues = queues;
        if (steps.isEmpty() || steps.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalStateException("payroute.query.schedule needs at least one positive delay");
        }
    }

    void declareDelays(@Observes @Priority(12) StartupEvent event) {
        steps.stream().distinct().forEach(delay -> queues.declareDelay(Purpose.QUERY, delay));
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
