package com.payroute.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.channel.ChannelAccount;
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
    private final PermitPool permits;
    private final RoutingPolicy policy;
    private final Clock clock;

    Router(ChannelRegistry registry, ChannelStats stats, ChannelGuards guards, PermitPool permits, RoutingConfig config,
            Clock clock) {
        this.clock = clock;
        this.registry = registry;
        this.stats = stats;
        this.guards = guards;
        this.permits = permits;
        this.policy = RoutingPolicy.of(config);
    }

    /** A channel for the payment now, or empty (see {@link #decide} for why). */
    public Optional<ChannelConfig> route(RouteRequest request) {
        return decide(request).channel();
    }

    /**
     * A channel open now (payouts: inside its payout window); if none is open but one will be, when
     * it opens; otherwise nothing.
     */
    public RouteDecision decide(RouteRequest request) {
        Instant now = clock.instant();
        List<ChannelConfig> open = new ArrayList<>();
        Instant opening = null;
        for (ChannelConfig channel : registry.all()) {
            if (channel.openFor(request.type(), now)) {
                open.add(channel);
            } else if (channel.routable() && !request.excluded().contains(channel.code())
                    && channel.supports(request.type(), request.currency(), request.bankCode(), request.amount())) {
                Instant next = channel.payoutWindows().nextOpening(now);
                opening = next != null && (opening == null || next.isBefore(opening)) ? next : opening;
            }
        }
        String segment = ChannelStats.segment(request.bankCode(), request.type());
        Leases leases = stats.leases();
        List<Candidate> candidates = Candidates.of(open, request,
                code -> stats.window(code, segment),
                guards::isOpen,
                channel -> hasRoom(channel, request.merchantId(), leases));
        Candidate chosen = policy.choose(candidates, ThreadLocalRandom.current());
        if (chosen != null) {
            return registry.find(chosen.code()).map(RouteDecision::to).orElse(RouteDecision.NONE);
        }
        return opening == null ? RouteDecision.NONE : RouteDecision.waitUntil(opening);
    }

    /** Whether the account the merchant calls this channel under could take one more submission. */
    private boolean hasRoom(ChannelConfig channel, String merchantId, Leases leases) {
        ChannelAccount account = channel.accountFor(merchantId);
        return leases.admitsSubmission(channel.code(), account.accountNo(), permits.budget(account));
    }
}
