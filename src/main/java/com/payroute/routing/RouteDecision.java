package com.payroute.routing;

import java.time.Instant;
import java.util.Optional;

import com.payroute.channel.ChannelConfig;

/**
 * Where a payment goes: a channel now; or, when every channel that could take it is outside its payout
 * window, the moment the first of them opens ({@code waitUntil}); or nowhere (neither: NO_ROUTE).
 */
public record RouteDecision(Optional<ChannelConfig> channel, Instant waitUntil) {

    static RouteDecision to(ChannelConfig channel) {
        return new RouteDecision(Optional.of(channel), null);
    }

    static RouteDecision waitUntil(Instant opening) {
        return new RouteDecision(Optional.empty(), opening);
    }

    public static final RouteDecision NONE = new RouteDecision(Optional.empty(), null);

    public boolean waits() {
        return waitUntil != null;
    }
}
