package com.payroute.channel;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Per-channel series for dashboards and alerts (k8s/alerts.yaml): calls by purpose, outcome kind
 * and response code; latency histograms; calls in flight on this replica; circuit state.
 */
@ApplicationScoped
public class ChannelMetrics {

    private final MeterRegistry registry;
    private final ChannelGuards guards;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    ChannelMetrics(MeterRegistry registry, ChannelGuards guards) {
        this.registry = registry;
        this.guards = guards;
    }

    /** A call to {@code channel} starts. */
    public void calling(String channel) {
        inFlight.computeIfAbsent(channel, this::register).incrementAndGet();
    }

    /** The call ({@code operation}: submit, query, refund, refund_query) ended with {@code outcome}. */
    public void called(String channel, String operation, CallOutcome outcome, long latencyMs) {
        inFlight.computeIfAbsent(channel, this::register).decrementAndGet();
        String p = operation;
        registry.counter("payroute.channel.calls", "channel", channel, "purpose", p,
                "outcome", outcome.kind().name(), "code", outcome.code() == null ? "none" : outcome.code()).increment();
        Timer.builder("payroute.channel.latency").tags("channel", channel, "purpose", p)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry).record(Duration.ofMillis(latencyMs));
    }

    private AtomicInteger register(String channel) {
        AtomicInteger counter = new AtomicInteger();
        Gauge.builder("payroute.channel.in.flight", counter, AtomicInteger::get).tag("channel", channel)
                .description("Calls to the channel in flight on this replica").register(registry);
        Gauge.builder("payroute.channel.circuit.state", guards, g -> circuit(g.state(channel, Purpose.SUBMIT)))
                .tag("channel", channel).description("0 closed, 1 half-open, 2 open").register(registry);
        return counter;
    }

    private static double circuit(CircuitBreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
