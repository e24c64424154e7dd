package com.payroute.routing;

/**
 * Success rate over a sliding window of time buckets, each bucket counting less as it ages
 * (half-life), smoothed with a prior so that a channel with few attempts is neither trusted
 * nor buried. Pure arithmetic: the live router and the routing benchmark share it.
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
            return (ok + priorRate * priorWeight) / (ok + fail + priorWeight);
        }

        /** Outcomes in the window, undecayed. */
        public long attempts() {
            return attempts;
        }
    }

    public Tally tally() {
        return new Tally();
    }
}
