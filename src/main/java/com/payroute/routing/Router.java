package com.payroute.routing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelGuards;
import com.payroute.channel.ChannelRegistry;
import com.payroute.channel.PermitPool;

/**
 * Picks the channel for a payment (DESIGN.md "Routing") from in-memory state only: the channel
 * registry, the statistics snapshot and this replica's circuit breakers.
 */
@ApplicationScoped
public class Router {

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

    public Optional<ChannelConfig> route(RouteRequest request) {
        stats.track(request.merchantId());
        List<Candidate> candidates = Candidates.of(registry.all(), request,
                code -> stats.window(code).successRate(),
                guards::isOpen,
                code -> stats.inFlight(PermitPool.Kind.TX, code, request.merchantId()));
        Candidate chosen = policy.choose(candidates, ThreadLocalRandom.current());
        return chosen == null ? Optional.empty() : registry.find(chosen.code());
    }
}
