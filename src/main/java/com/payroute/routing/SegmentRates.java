package com.payroute.routing;

import java.util.HashMap;
import java.util.Map;

/**
 * Success rates per channel and per segment (a bank and payment type on a channel) from the decayed
 * outcome tallies of the window; pure arithmetic, shared by the live statistics and the routing
 * benchmark.
 *
 * <p>Rates are modelled as {@code channel quality × segment factor}: a segment's factor is how it fares
 * on every channel against all traffic (a bank in maintenance: near 0), and a channel's quality is its
 * successes over the successes its mix of segments would have had on an average channel. A segment with
 * few outcomes on a channel (or none) leans on {@code quality × factor}. So a bank failing on one
 * channel pulls down only that channel's segment; a bank failing everywhere makes every channel's
 * little-known segment of it look as bad as the known ones (nothing is gained by moving those payments
 * to channels that merely have not failed them yet), and does not count against the channels' quality
 * for their other banks.
 */
public final class SegmentRates {

    /**
     * A channel's or a segment's window: smoothed success rate, outcomes counted, and the evidence the rate
     * rests on now (the outcomes weighted by their age, as in the rate: rates drift, so what a channel did
     * two minutes ago says less about it than what it did just now).
     */
    public record Window(double successRate, long attempts, double evidence) {
    }

    /**
     * Rates by channel (as observed), each channel's quality, rates by channel then segment, and each
     * segment's factor.
     */
    public record Rates(Map<String, Window> channels, Map<String, Double> quality, Map<String, Map<String, Window>> segments,
            Map<String, Double> factors) {

        public static final Rates NONE = new Rates(Map.of(), Map.of(), Map.of(), Map.of());

        /** The segment's window on the channel; with no outcomes there, its quality times the segment's factor. */
        public Window window(String channel, String segment, Window channelWindow) {
            Map<String, Window> bySegment = segments.get(channel);
            Window own = bySegment == null ? null : bySegment.get(segment);
            if (own != null) {
                return own;
            }
            Double q = quality.get(channel);
            if (q == null) {
                return channelWindow;
            }
            return new Window(Math.min(1.0, q * factors.getOrDefault(segment, 1.0)), 0, 0);
        }
    }

    private SegmentRates() {
    }

    public static Rates of(OutcomeWindow window, Map<String, OutcomeWindow.Tally> channels,
            Map<String, Map<String, OutcomeWindow.Tally>> segments) {
        OutcomeWindow.Tally all = window.tally();
        Map<String, Window> observed = new HashMap<>();
        channels.forEach((channel, tally) -> {
            all.addAll(tally);
            observed.put(channel, new Window(tally.rate(), tally.attempts(), tally.weightedOutcomes()));
        });
        double overall = all.rate();
        Map<String, OutcomeWindow.Tally> everywhere = new HashMap<>();
        segments.values().forEach(bySegment -> bySegment.forEach((segment, tally) ->
                everywhere.computeIfAbsent(segment, s -> window.tally()).addAll(tally)));
        Map<String, Double> factors = new HashMap<>();
        // at most 1: a segment doing better than average everywhere makes no channel's unknown part of it look better
        everywhere.forEach((segment, tally) -> factors.put(segment, Math.min(1.0, tally.rate(overall) / overall)));
        Map<String, Double> quality = new HashMap<>();
        Map<String, Map<String, Window>> segmentRates = new HashMap<>();
        segments.forEach((channel, bySegment) -> {
            double successes = 0;
            double expected = 0; // outcomes weighted by their segment's factor: what an average channel would have had
            for (Map.Entry<String, OutcomeWindow.Tally> e : bySegment.entrySet()) {
                successes += e.getValue().weightedSuccesses();
                expected += e.getValue().weightedOutcomes() * factors.get(e.getKey());
            }
            double q = window.smoothed(successes, expected, window.priorRate());
            quality.put(channel, q);
            Map<String, Window> rates = new HashMap<>();
            bySegment.forEach((segment, tally) ->
                    rates.put(segment, new Window(tally.rate(Math.min(1.0, q * factors.get(segment))), tally.attempts(),
                            tally.weightedOutcomes())));
            segmentRates.put(channel, Map.copyOf(rates));
        });
        return new Rates(Map.copyOf(observed), Map.copyOf(quality), Map.copyOf(segmentRates), Map.copyOf(factors));
    }
}
