package com.payroute.routing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelGuards;
import com.payroute.channel.ChannelRegistry;
import com.payroute.channel.PermitPool;
import com.payroute.payment.PaymentType;

/**
 * Picks the channel for a payment (DESIGN.md "Routing") from in-memory state only: the channel
 * registry, the stats snapshot and this replica's circuit breakers.
 */
@ApplicationScoped
public class Router {

    /** What is being routed; {@code excluded} are channels this payment was already offered to. */
    public record Request(String merchantId, PaymentType type, String currency, String bankCode,
            BigDecimal amount, Collection<String> excluded) {
    }

    private final ChannelRegistry registry;
    private final ChannelStats stats;
    private final ChannelGuards guards;
    private final RoutingPolicy policy;

    Router(ChannelRegistry registry, ChannelStats stats, ChannelGuards guards, RoutingConfig config) {
        this.registry = registry;
        this.stats = stats;
        this.guards = guards;
        this.policy = RoutingPolicy.of(config);
    }

    public Optional<ChannelConfig> route(Request request) {
        stats.track(request.merchantId());
        List<Candidate> candidates = new ArrayList<>();
        for (ChannelConfig channel : registry.all()) {
            if (channel.routable()
                    && !request.excluded().contains(channel.code())
                    && channel.supports(request.type(), request.currency(), request.bankCode(), request.amount())) {
                candidates.add(new Candidate(channel.code(), channel.weight(),
                        stats.window(channel.code()).successRate(),
                        guards.isOpen(channel.code()),
                        stats.inFlight(PermitPool.Kind.TX, channel.code(), request.merchantId()) < channel.maxConcurrency()));
            }
        }
        Candidate chosen = policy.choose(candidates, ThreadLocalRandom.current());
        return chosen == null ? Optional.empty() : registry.find(chosen.code());
    }

    /** Whether some channel other than the excluded ones has permit room right now. */
    public boolean hasRoomElsewhere(Request request) {
        for (ChannelConfig channel : registry.all()) {
            if (channel.routable() && !request.excluded().contains(channel.code())
                    && channel.supports(request.type(), request.currency(), request.bankCode(), request.amount())
                    && !guards.isOpen(channel.code())
                    && stats.inFlight(PermitPool.Kind.TX, channel.code(), request.merchantId()) < channel.maxConcurrency()) {
                return true;
            }
        }
        return false;
    }
}
