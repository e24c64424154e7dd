package com.payroute.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class RoutingPolicyTest {

    private final RoutingPolicy policy = new RoutingPolicy(0.03, 0, 2, 20, 0.15, 0.03);

    private Map<String, Integer> picks(List<Candidate> candidates, int n) {
        return picks(policy, candidates, n);
    }

    private static Map<String, Integer> picks(RoutingPolicy policy, List<Candidate> candidates, int n) {
        SplittableRandom random = new SplittableRandom(42);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(policy.choose(candidates, random).code(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void noCandidateNoRoute() {
        assertNull(policy.choose(List.of(), new SplittableRandom(1)));
    }

    @Test
    void equalChannelsShareByWeight() {
        Map<String, Integer> counts = picks(List.of(
                new Candidate("a", 100, 0.95, 1000, false, true),
                new Candidate("b", 300, 0.95, 1000, false, true)), 40_000);
        double shareB = counts.get("b") / 40_000.0;
        assertTrue(shareB > 0.72 && shareB < 0.78, "b gets ~75%: " + shareB);
    }

    @Test
    void theBetterRateTakesMostTraffic() {
        Map<String, Integer> counts = picks(List.of(
                new Candidate("good", 100, 0.97, 1000, false, true),
                new Candidate("fair", 100, 0.90, 1000, false, true)), 40_000);
        assertTrue(counts.get("good") > 0.85 * 40_000, "good: " + counts);
        assertTrue(counts.get("fair") > 0, "fair still explored");
    }

    @Test
    void openCircuitOrFarWorseRateGetsExplorationOnly() {
        Map<String, Integer> counts = picks(List.of(
                new Candidate("ok", 100, 0.95, 1000, false, true),
                new Candidate("open", 100, 0.95, 1000, true, true),
                new Candidate("bad", 100, 0.50, 1000, false, true)), 100_000);
        // exploration 3% spread over 3 candidates: ~1% each
        assertTrue(counts.getOrDefault("open", 0) < 1_500, "open: " + counts);
        assertTrue(counts.getOrDefault("bad", 0) < 1_500, "bad: " + counts);
        assertTrue(counts.getOrDefault("open", 0) > 500, "but not buried: " + counts);
    }

    @Test
    void channelsWithoutRoomAreSkippedUnlessNoneHasRoom() {
        Map<String, Integer> counts = picks(List.of(
                new Candidate("full", 1000, 0.99, 1000, false, false),
                new Candidate("roomy", 1, 0.90, 1000, false, true)), 10_000);
        assertEquals(10_000, counts.get("roomy"));
        Map<String, Integer> allFull = picks(List.of(new Candidate("full", 100, 0.99, 1000, false, false)), 100);
        assertEquals(100, allFull.get("full"));
    }

    @Test
    void aBusyHealthyChannelBeatsAnIdleBrokenOne() {
        Map<String, Integer> counts = picks(List.of(
                new Candidate("busy", 100, 0.99, 1000, false, false),
                new Candidate("open", 100, 0.99, 1000, true, true),
                new Candidate("demoted", 100, 0.60, 1000, false, true)), 10_000);
        assertTrue(counts.getOrDefault("busy", 0) > 9_000, "the healthy one, its worker waits for a permit: " + counts);
    }

    @Test
    void sameSeedSameDecisions() {
        List<Candidate> candidates = List.of(new Candidate("a", 10, 0.9, 1000, false, true), new Candidate("b", 20, 0.92, 1000, false, true));
        assertEquals(picks(candidates, 1000), picks(candidates, 1000));
    }

    @Test
    void directedExplorationGoesToTheRateLeastKnownThatCouldBeBest() {
        RoutingPolicy directedOnly = new RoutingPolicy(0, 1, 2, 20, 0.15, 0.01);
        Map<String, Integer> counts = picks(directedOnly, List.of(
                new Candidate("known-best", 100, 0.97, 10_000, false, true),
                new Candidate("barely-seen", 100, 0.93, 5, false, true),
                new Candidate("known-worse", 100, 0.90, 10_000, false, true),
                new Candidate("unseen-but-open", 100, 0.93, 0, true, true)), 1000);
        // 0.93 + 2 * sqrt(0.0651 / 25) = 1.032 beats 0.97 + 2 * sqrt(0.0291 / 10020) = 0.973; an open circuit is no candidate
        assertEquals(Map.of("barely-seen", 1000), counts);

        Map<String, Integer> wellKnown = picks(directedOnly, List.of(
                new Candidate("known-best", 100, 0.97, 10_000, false, true),
                new Candidate("known-worse", 100, 0.90, 10_000, false, true)), 1000);
        assertEquals(Map.of("known-best", 1000), wellKnown, "with every rate well known it is the best one");
    }

    @Test
    void directedExplorationWithEveryCircuitOpenFallsBackToTheRules() {
        RoutingPolicy directedOnly = new RoutingPolicy(0, 1, 2, 20, 0.15, 0.01);
        Map<String, Integer> counts = picks(directedOnly, List.of(
                new Candidate("a", 100, 0.95, 0, true, true),
                new Candidate("b", 100, 0.95, 0, true, true)), 1000);
        assertEquals(1000, counts.values().stream().mapToInt(Integer::intValue).sum(), "trial calls still decide: " + counts);
    }
}
