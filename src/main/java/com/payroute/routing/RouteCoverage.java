package com.payroute.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelsChanged;
import com.payroute.money.PaymentType;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How many routable channels (enabled, weight above zero) each (type, currency) that some channel
 * offers has, from every channel snapshot: with fewer than two, one channel's outage stops that kind
 * of payment (alert PayrouteRouteWithoutFallback). A combination whose channels are all disabled
 * shows 0 rather than disappearing.
 */
@ApplicationScoped
public class RouteCoverage {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> routable = new ConcurrentHashMap<>();

    RouteCoverage(MeterRegistry registry) {
        this.registry = registry;
    }

    void recount(@Observes ChannelsChanged change) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (ChannelConfig channel : change.channels()) {
            for (PaymentType type : channel.types()) {
                for (String currency : channel.currencies()) {
                    counts.merge(type.name() + ":" + currency, channel.routable() ? 1 : 0, Integer::sum);
                }
            }
        }
        routable.keySet().forEach(known -> counts.putIfAbsent(known, 0));
        counts.forEach((key, count) -> routable.computeIfAbsent(key, this::register).set(count));
    }

    private AtomicInteger register(String key) {
        AtomicInteger count = new AtomicInteger();
        String[] parts = key.split(":", 2);
        Gauge.builder("payroute.routes.channels", count, AtomicInteger::get).tags("type", parts[0], "currency", parts[1])
                .description("Routable channels (enabled, weight above zero) for a payment type and currency").register(registry);
        return count;
    }
}
