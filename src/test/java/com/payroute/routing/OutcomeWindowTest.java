package com.payroute.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutcomeWindowTest {

    private final OutcomeWindow window = new OutcomeWindow(6, 0.9, 20);

    @Test
    void noOutcomesMeansThePrior() {
        assertEquals(0.9, window.tally().rate(), 1e-9);
    }

    @Test
    void aFewOutcomesMoveTheRateOnlyALittle() {
        double afterTwoFailures = window.tally().add(0, 0, 2).rate();
        assertTrue(afterTwoFailures > 0.8, "two failures do not bury a channel: " + afterTwoFailures);
        double afterTwoSuccesses = window.tally().add(0, 2, 0).rate();
        assertTrue(afterTwoSuccesses < 0.92, "two successes do not crown one: " + afterTwoSuccesses);
    }

    @Test
    void manyOutcomesDominateThePrior() {
        assertEquals(0.5, window.tally().add(0, 5000, 5000).rate(), 0.01);
        assertEquals(10_000, window.tally().add(0, 5000, 5000).attempts());
    }

    @Test
    void recentBucketsCountMore() {
        // failures long ago, successes now: the rate recovers
        double recovered = window.tally().add(0, 100, 0).add(18, 0, 100).rate();
        assertTrue(recovered > 0.85, "recovered: " + recovered);
        double degraded = window.tally().add(0, 0, 100).add(18, 100, 0).rate();
        assertTrue(degraded < 0.3, "degraded: " + degraded);
    }
}
