package com.payroute.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import com.payroute.channel.ChannelConfig;

/** The channels that may carry a payment, with what routing knows of each; no I/O. */
public final class Candidates {

    private Candidates() {
    }

    /**
     * Routable channels (enabled, weight above 0) that support the payment and were not tried yet,
     * each with its success rate (and the evidence it rests on), circuit state, and whether the
     * account the merchant calls it under has room for another submission.
     */
    public static List<Candidate> of(Collection<ChannelConfig> channels, RouteRequest request,
            Function<String, SegmentRates.Window> window, Predicate<String> circuitOpen, Predicate<ChannelConfig> hasRoom) {
        List<Candidate> candidates = new ArrayList<>();
        for (ChannelConfig channel : channels) {
            if (channel.routable()
                    && !request.excluded().contains(channel.code())
                    && channel.supports(request.type(), request.currency(), request.bankCode(), request.amount())) {
                SegmentRates.Window rate = window.apply(channel.code());
                candidates.add(new Candidate(channel.code(), channel.weight(), rate.successRate(), rate.evidence(),
                        circuitOpen.test(channel.code()),
                        hasRoom.test(channel)));
            }
        }
        return candidates;
    }
}
