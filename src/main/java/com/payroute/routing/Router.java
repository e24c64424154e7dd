package com.payroute.routing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.channel.ChannelAccount;
import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelGuards;
import com.payroute.channel.ChannelRegistry;
import com.payroute.channel.PermitPool;
import com.payroute.channel.Purpose;

/**
 * Picks the channel for a payment (DESIGN.md "Routing") from in-memory state only: the channel
 * registry, the statistics snapshot and this replica's circuit breakers.
 */
@ApplicationScoped
public class Router {

    private final ChannelRegistry registry;
    private final ChannelStats stats;
    private final ChannelGuards guards;
    private final PermitPool permits;
    private final RoutingPolicy policy;

    Router(ChannelRegistry registry, ChannelStats stats, ChannelGuards guards, PermitPool permits, RoutingConfig config) {
        this.registry = registry;
        this.stats = stats;
        this.guards = guards;
        this.permits = permits;
        this.policy = RoutingPolicy.of(config);
    }

    public Optional<ChannelConfig> route(RouteRequest request) {
        List<Candidate> candidates = Candidates.of(registry.all(), request,
                code -> stats.window(code).successRate(),
                guards::isOpen,
                channel -> hasRoom(channel, request.merchantId()));
        Candidate chosen = policy.choose(candidates, ThreadLocalRandom.current());
        return chosen == null ? Optional.empty() : registry.find(chosen.code());
    }

    /** Whether the account the merchant calls this channel under could take one more submission. */
    private boolean hasRoom(ChannelConfig channel, String merchantId) {
        ChannelAccount account = channel.accountFor(merchantId);
        PermitPool.Budget budget = permits.budget(account);
        long submitting = stats.inFlight(channel.code(), account.accountNo(), Purpose.SUBMIT);
        long querying = stats.inFlight(channel.code(), account.accountNo(), Purpose.QUERY);
        return submitting < budget.ownLimit() && submitting + querying < budget.limit();
    }
}
