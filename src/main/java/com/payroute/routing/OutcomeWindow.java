package com.payroute.routing;

/**
 * Success rate over a sliding window of time buckets, each bucket counting less as it ages
 * (half-life), smoothed with a prior so that a channel with few attempts is neither trusted
 * nor buried (and a segment of a channel with few attempts takes the channel's rate). Pure arithmetic: the live router and the routing benchmark share it.
 */
public final class OutcomeWindow {

    private final double halfLifeBuckets;
    private final double priorRate;
    private final double priorWeight;

    public OutcomeWindow(double halfLifeBuckets, double priorRate, double priorWeight) {
        this.halfLifeBuckets = halfLifeBuckets;
        this.priorRate = priorRate;
        this.priorWeight = priorWeight;
    }

    /** Accumulates bucket counts, newest first. */
    public final class Tally {
        private double ok;
        private double fail;
        private long attempts;

        public Tally add(int bucketAge, long okCount, long failCount) {
            double weight = Math.pow(0.5, bucketAge / halfLifeBuckets);
            ok += weight * okCount;
            fail += weight * failCount;
            attempts += okCount + failCount;
            return this;
        }

        /** Smoothed, decayed success rate. */
        public double rate() {
            return rate(priorRate);
        }

        /**
         * Smoothed towards {@code prior} instead: a segment (one bank and type on a channel) leans on
         * its channel's rate until its own outcomes outweigh it.
         */
        public double rate(double prior) {
            return smoothed(ok, ok + fail, prior);
        }

        /** Outcomes in the window, undecayed. */
        public long attempts() {
            return attempts;
        }

        /** Successes, each weighted by its bucket's age. */
        public double weightedSuccesses() {
            return ok;
        }

        /** Outcomes, each weighted by its bucket's age. */
        public double weightedOutcomes() {
            return ok + fail;
        }

        /** Adds another tally's counts (the same segment on every channel, say). */
        public Tally addAll(Tally other) {
            ok += other.ok;
            fail += other.fail;
            attempts += other.attempts;
            return this;
        }
    }

    /** The rate assumed where nothing was seen yet. */
    public double priorRate() {
        return priorRate;
    }

    /** {@code successes} of {@code outcomes} (both weighted), smoothed towards {@code prior}. */
    public double smoothed(double successes, double outcomes, double prior) {
        return (successes + prior * priorWeight) / (outcomes + priorWeight);
    }

    public Tally tally() {
        return new Tally();
    }
}
