package com.payroute.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Chooses one channel among candidates; no I/O, so it costs microseconds.
 * <ol>
 * <li>Candidates without permit room are skipped, unless no healthy one (circuit closed, rate within
 * {@code demotionGap} of the best) has room: then all stay, and a busy healthy channel still beats an
 * idle broken one (its worker waits for a permit).</li>
 * <li>With probability {@code exploration}, any candidate is picked, in proportion to its weight: this
 * keeps trial calls reaching channels whose circuit is open (the breaker only half-opens on a call)
 * and channels far below the best.</li>
 * <li>With probability {@code directedExploration}, the healthy candidate whose rate could most
 * plausibly be the best is picked: the highest {@code rate + confidence × its standard error}, the
 * error shrinking with the evidence the rate rests on (its outcomes weighted by age, so a rate not
 * looked at lately grows uncertain again). Rates drift, and a channel that the main rule
 * starves of traffic would otherwise be believed at its old rate (or the prior) long after it became
 * the best; this spends exploration where it can change a decision, not on channels known to be bad.</li>
 * <li>Otherwise a channel whose circuit is open, or whose rate is more than {@code demotionGap}
 * below the best, is left out, and the rest are picked in proportion to
 * {@code weight * exp((rate - best) / temperature)}.</li>
 * </ol>
 */
public final class RoutingPolicy {

    /** Binomial variance assumed at least (rate 0.99): a rate near 1 or 0 is not known exactly from few outcomes. */
    private static final double VARIANCE_FLOOR = 0.01;

    private final double exploration;
    private final double directedExploration;
    private final double confidence;
    private final double priorWeight;
    private final double demotionGap;
    private final double temperature;

    /**
     * @param priorWeight the outcomes the prior is worth (the rates' smoothing): a rate with no
     *                    outcomes of its own is as sure as that many
     */
    public RoutingPolicy(double exploration, double directedExploration, double confidence, double priorWeight,
            double demotionGap, double temperature) {
        this.exploration = exploration;
        this.directedExploration = directedExploration;
        this.confidence = confidence;
        this.priorWeight = priorWeight;
        this.demotionGap = demotionGap;
        this.temperature = temperature;
    }

    public static RoutingPolicy of(RoutingConfig config) {
        return new RoutingPolicy(config.exploration(), config.directedExploration(), config.explorationConfidence(),
                config.priorWeight(), config.demotionGap(), config.temperature());
    }

    /** The chosen candidate, or null when there is none. */
    public Candidate choose(List<Candidate> candidates, RandomGenerator random) {
        if (candidates.isEmpty()) {
            return null;
        }
        double draw = random.nextDouble();
        if (draw < exploration) {
            return pickByWeight(withRoom(candidates, Double.NEGATIVE_INFINITY, true), random);
        }
        if (draw < exploration + directedExploration) {
            Candidate promising = mostPromising(withRoom(candidates, Double.NEGATIVE_INFINITY, false));
            if (promising != null) {
                return promising;
            }
        }
        List<Candidate> pool = withRoom(candidates, bestRate(candidates), false);
        double best = bestRate(pool);
        if (best == Double.NEGATIVE_INFINITY) {
            return pickByWeight(pool, random); // every circuit open: trial calls decide
        }
        double[] scores = new double[pool.size()];
        double total = 0;
        for (int i = 0; i < pool.size(); i++) {
            Candidate c = pool.get(i);
            if (!c.circuitOpen() && c.successRate() >= best - demotionGap) {
                scores[i] = c.weight() * Math.exp((c.successRate() - best) / temperature);
                total += scores[i];
            }
        }
        double point = random.nextDouble() * total;
        for (int i = 0; i < pool.size(); i++) {
            point -= scores[i];
            if (scores[i] > 0 && point <= 0) {
                return pool.get(i);
            }
        }
        return pickByWeight(pool, random);
    }

    /** The candidate with a closed circuit and the highest optimistic rate, or null when every circuit is open. */
    private Candidate mostPromising(List<Candidate> candidates) {
        Candidate promising = null;
        double highest = Double.NEGATIVE_INFINITY;
        for (Candidate c : candidates) {
            if (!c.circuitOpen()) {
                double rate = c.successRate();
                double optimistic = rate + confidence * Math.sqrt(Math.max(rate * (1 - rate), VARIANCE_FLOOR) / (c.evidence() + priorWeight));
                if (optimistic > highest) {
                    highest = optimistic;
                    promising = c;
                }
            }
        }
        return promising;
    }

    /** The best success rate among candidates whose circuit is closed, or -infinity when there are none. */
    private static double bestRate(List<Candidate> candidates) {
        double best = Double.NEGATIVE_INFINITY;
        for (Candidate c : candidates) {
            if (!c.circuitOpen()) {
                best = Math.max(best, c.successRate());
            }
        }
        return best;
    }

    /** Candidates with room ({@code anyHealth}: whatever their state; else only healthy ones), or all when none. */
    private List<Candidate> withRoom(List<Candidate> candidates, double best, boolean anyHealth) {
        List<Candidate> roomy = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            if (c.hasRoom() && (anyHealth || !c.circuitOpen() && c.successRate() >= best - demotionGap)) {
                roomy.add(c);
            }
        }
        return roomy.isEmpty() ? candidates : roomy;
    }

    private static Candidate pickByWeight(List<Candidate> pool, RandomGenerator random) {
        long total = 0;
        for (Candidate c : pool) {
            total += c.weight();
        }
        long point = random.nextLong(total);
        for (Candidate c : pool) {
            point -= c.weight();
            if (point < 0) {
                return c;
            }
        }
        return pool.get(pool.size() - 1);
    }
}
