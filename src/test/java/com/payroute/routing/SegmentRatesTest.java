package com.payroute.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The arithmetic of segment rates: what a bank failing on one channel, or on all, does to each estimate. */
class SegmentRatesTest {

    private final OutcomeWindow window = new OutcomeWindow(6, 0.9, 20);
    private final Map<String, OutcomeWindow.Tally> channels = new HashMap<>();
    private final Map<String, Map<String, OutcomeWindow.Tally>> segments = new HashMap<>();

    private void outcomes(String channel, String segment, long ok, long fail) {
        channels.computeIfAbsent(channel, c -> window.tally()).add(0, ok, fail);
        segments.computeIfAbsent(channel, c -> new HashMap<>()).computeIfAbsent(segment, s -> window.tally()).add(0, ok, fail);
    }

    private double rate(SegmentRates.Rates rates, String channel, String segment) {
        return rates.window(channel, segment, rates.channels().get(channel)).successRate();
    }

    @Test
    void aBankFailingOnOneChannelLowersOnlyThatSegment() {
        for (String channel : new String[] { "a", "b" }) {
            outcomes(channel, "ICBC|DEBIT", 200, 2);
            outcomes(channel, "CCB|DEBIT", 200, 2);
        }
        outcomes("a", "BOCM|DEBIT", 5, 195);
        outcomes("b", "BOCM|DEBIT", 198, 2);
        SegmentRates.Rates rates = SegmentRates.of(window, channels, segments);
        assertTrue(rate(rates, "a", "BOCM|DEBIT") < 0.1, "the failing route");
        assertTrue(rate(rates, "b", "BOCM|DEBIT") > 0.95, "the same bank elsewhere");
        assertTrue(rate(rates, "a", "ICBC|DEBIT") > 0.95, "the channel's other banks keep their own rates");
        assertTrue(rates.channels().get("a").successRate() < 0.8, "the channel as a whole shows it (ops view)");
    }

    @Test
    void aBankFailingEverywhereMakesNoChannelLookBetterForItByNotHavingTriedIt() {
        for (String channel : new String[] { "a", "b", "c" }) {
            outcomes(channel, "ICBC|DEBIT", 300, 5);
        }
        outcomes("a", "BOCM|DEBIT", 0, 100);
        outcomes("b", "BOCM|DEBIT", 0, 100);
        SegmentRates.Rates rates = SegmentRates.of(window, channels, segments);
        double unseen = rate(rates, "c", "BOCM|DEBIT");
        assertTrue(unseen < 0.2, "c has not tried the bank, but the bank fails everywhere: " + unseen);
        assertEquals(0, rates.window("c", "BOCM|DEBIT", rates.channels().get("c")).attempts());
        assertTrue(rate(rates, "a", "ICBC|DEBIT") > 0.95 && rate(rates, "c", "ICBC|DEBIT") > 0.95, "other banks are unaffected");
        double quality = rates.quality().get("a");
        assertTrue(quality > 0.9, "the bank's maintenance does not count against the channel: " + quality);
    }

    @Test
    void aSegmentNobodyHasSeenTakesTheChannelsQuality() {
        outcomes("a", "ICBC|DEBIT", 100, 50);
        SegmentRates.Rates rates = SegmentRates.of(window, channels, segments);
        assertEquals(rates.quality().get("a"), rate(rates, "a", "ABC|PAYOUT"), 1e-9);
        assertTrue(rate(rates, "a", "ABC|PAYOUT") < 0.8);
    }
    @Test
    void evidenceFadesWithAgeLikeTheRateItself() {
        // the same 200 outcomes on two channels: a's just now, b's twelve buckets (two half-lives) ago
        outcomes("a", "ICBC|DEBIT", 196, 4);
        channels.computeIfAbsent("b", c -> window.tally()).add(12, 196, 4);
        segments.computeIfAbsent("b", c -> new HashMap<>()).computeIfAbsent("ICBC|DEBIT", s -> window.tally()).add(12, 196, 4);
        SegmentRates.Rates rates = SegmentRates.of(window, channels, segments);
        SegmentRates.Window fresh = rates.window("a", "ICBC|DEBIT", rates.channels().get("a"));
        SegmentRates.Window stale = rates.window("b", "ICBC|DEBIT", rates.channels().get("b"));
        assertEquals(200, fresh.attempts());
        assertEquals(200, stale.attempts(), "both counted alike for ops");
        assertEquals(200, fresh.evidence(), 1e-9);
        assertEquals(50, stale.evidence(), 1e-9, "but a rate not looked at lately is less sure");
        assertEquals(0, rates.window("a", "ABC|PAYOUT", rates.channels().get("a")).evidence(), "an inferred rate rests on none of its own");

        // so directed exploration looks at the stale one first, at equal rates and equal counts
        RoutingPolicy directedOnly = new RoutingPolicy(0, 1, 2, 20, 0.15, 0.005);
        Candidate a = new Candidate("a", 100, fresh.successRate(), fresh.evidence(), false, true);
        Candidate b = new Candidate("b", 100, fresh.successRate(), stale.evidence(), false, true);
        assertEquals("b", directedOnly.choose(List.of(a, b), new SplittableRandom(1)).code());
    }
}
