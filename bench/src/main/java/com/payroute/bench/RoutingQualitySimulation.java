package com.payroute.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

import com.payroute.channel.ChannelsConfig;
import com.payroute.routing.Candidate;
import com.payroute.routing.OutcomeWindow;
import com.payroute.routing.RoutingConfig;
import com.payroute.routing.RoutingPolicy;

/**
 * How well routing picks channels, offline and repeatable (same seed, same numbers): 32 channels
 * whose true success rates drift, two of which go fully down for a while and come back.
 * Three routers see the same payments and the same random draws:
 * <ul>
 * <li>payroute: the production {@link RoutingPolicy} with the production defaults ({@link RoutingConfig},
 * {@link ChannelsConfig.Breaker}), fed like in production by outcome counts in time buckets refreshed
 * every second, and by a circuit breaker per channel;</li>
 * <li>oracle: always the channel with the best true rate at that moment;</li>
 * <li>static: the ops weights only.</li>
 * </ul>
 * Prints one JSON line.
 */
public final class RoutingQualitySimulation {

    static final int CHANNELS = 32;
    static final int SECONDS = 3600;
    static final int PAYMENTS_PER_SECOND = 50;
    static final int BUCKET_SECONDS = Integer.parseInt(RoutingConfig.DEFAULT_BUCKET_SECONDS);
    static final int WINDOW_BUCKETS = Integer.parseInt(RoutingConfig.DEFAULT_WINDOW_BUCKETS);
    static final int BREAKER_VOLUME = Integer.parseInt(ChannelsConfig.Breaker.DEFAULT_REQUEST_VOLUME);
    static final double BREAKER_RATIO = Double.parseDouble(ChannelsConfig.Breaker.DEFAULT_FAILURE_RATIO);
    static final double BREAKER_DELAY = Double.parseDouble(ChannelsConfig.Breaker.DEFAULT_DELAY_SECONDS);
    static final int BREAKER_SUCCESSES = Integer.parseInt(ChannelsConfig.Breaker.DEFAULT_SUCCESS_THRESHOLD);

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 42;
        System.out.println(run(seed));
    }

    /** A channel's true behaviour. */
    static final class Channel {
        final int weight;
        double rate;
        int downFrom = -1;
        int downTo = -1;

        Channel(int weight, double rate) {
            this.weight = weight;
            this.rate = rate;
        }

        double rateAt(int second) {
            return second >= downFrom && second < downTo ? 0.0 : rate;
        }

        boolean downAt(int second) {
            return second >= downFrom && second < downTo;
        }
    }

    /** The circuit breaker of one channel, as configured in production (SmallRye's rolling window). */
    static final class Breaker {
        final Deque<Boolean> window = new ArrayDeque<>();
        double openUntil = -1;
        boolean halfOpen;
        int trialSuccesses;

        boolean open(double now) {
            if (openUntil > now) {
                return true;
            }
            if (openUntil >= 0 && !halfOpen) {
                halfOpen = true;
                trialSuccesses = 0;
            }
            return false;
        }

        void record(boolean success, double now) {
            if (halfOpen) {
                if (!success) {
                    openUntil = now + BREAKER_DELAY;
                    halfOpen = false;
                } else if (++trialSuccesses >= BREAKER_SUCCESSES) {
                    halfOpen = false;
                    openUntil = -1;
                    window.clear();
                }
                return;
            }
            window.addLast(success);
            if (window.size() > BREAKER_VOLUME) {
                window.removeFirst();
            }
            long failures = window.stream().filter(s -> !s).count();
            if (window.size() >= BREAKER_VOLUME && failures >= BREAKER_RATIO * BREAKER_VOLUME) {
                openUntil = now + BREAKER_DELAY;
                window.clear();
            }
        }
    }

    static String run(long seed) {
        SplittableRandom world = new SplittableRandom(seed);
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            channels.add(new Channel(50 + world.nextInt(101), 0.80 + world.nextDouble() * 0.19));
        }
        // the two channels best at t=900 and t=2200 go down for 10 and 6 minutes
        int firstDown = best(channels, 900);
        channels.get(firstDown).downFrom = 900;
        channels.get(firstDown).downTo = 1500;

        RoutingPolicy policy = new RoutingPolicy(Double.parseDouble(RoutingConfig.DEFAULT_EXPLORATION),
                Double.parseDouble(RoutingConfig.DEFAULT_DEMOTION_GAP), Double.parseDouble(RoutingConfig.DEFAULT_TEMPERATURE));
        OutcomeWindow windowMath = new OutcomeWindow(Double.parseDouble(RoutingConfig.DEFAULT_HALF_LIFE_SECONDS) / BUCKET_SECONDS,
                Double.parseDouble(RoutingConfig.DEFAULT_PRIOR_RATE), Double.parseDouble(RoutingConfig.DEFAULT_PRIOR_WEIGHT));
        int buckets = SECONDS / BUCKET_SECONDS + 1;
        long[][] ok = new long[CHANNELS][buckets];
        long[][] fail = new long[CHANNELS][buckets];
        double[] snapshot = new double[CHANNELS];
        java.util.Arrays.fill(snapshot, Double.parseDouble(RoutingConfig.DEFAULT_PRIOR_RATE));
        Breaker[] breakers = new Breaker[CHANNELS];
        for (int i = 0; i < CHANNELS; i++) {
            breakers[i] = new Breaker();
        }
        SplittableRandom routing = new SplittableRandom(seed + 1);
        SplittableRandom staticRouting = new SplittableRandom(seed + 2);
        SplittableRandom outcomes = new SplittableRandom(seed + 3);
        long payments = 0;
        long routedOk = 0;
        long oracleOk = 0;
        long staticOk = 0;
        int secondDown = -1;
        long[] callsWhileDown = new long[CHANNELS];
        long notSentOpenCircuit = 0;

        for (int second = 0; second < SECONDS; second++) {
            if (second == 2200) {
                secondDown = best(channels, 2200);
                if (secondDown == firstDown) {
                    secondDown = (secondDown + 1) % CHANNELS;
                }
                channels.get(secondDown).downFrom = 2200;
                channels.get(secondDown).downTo = 2560;
            }
            for (Channel c : channels) { // drift: a random walk kept within [0.5, 0.995]
                c.rate = Math.max(0.5, Math.min(0.995, c.rate + world.nextDouble(-0.004, 0.004)));
            }
            int bucket = second / BUCKET_SECONDS;
            for (int i = 0; i < CHANNELS; i++) { // the once-a-second refresh of the routing snapshot
                OutcomeWindow.Tally tally = windowMath.tally();
                for (int age = 0; age < WINDOW_BUCKETS && bucket - age >= 0; age++) {
                    tally.add(age, ok[i][bucket - age], fail[i][bucket - age]);
                }
                snapshot[i] = tally.rate();
            }
            for (int p = 0; p < PAYMENTS_PER_SECOND; p++) {
                double now = second + p / (double) PAYMENTS_PER_SECOND;
                double draw = outcomes.nextDouble();
                payments++;
                int oracle = best(channels, second);
                oracleOk += draw < channels.get(oracle).rateAt(second) ? 1 : 0;
                int fixed = byWeight(channels, staticRouting);
                staticOk += draw < channels.get(fixed).rateAt(second) ? 1 : 0;

                // payroute: a channel whose circuit is open is not called; the payment goes on
                List<Integer> tried = new ArrayList<>();
                boolean succeeded = false;
                for (int attempt = 0; attempt < 4; attempt++) {
                    List<Candidate> candidates = new ArrayList<>();
                    for (int i = 0; i < CHANNELS; i++) {
                        if (!tried.contains(i)) {
                            candidates.add(new Candidate(Integer.toString(i), channels.get(i).weight, snapshot[i],
                                    breakers[i].open(now), true));
                        }
                    }
                    int chosen = Integer.parseInt(policy.choose(candidates, routing).code());
                    if (breakers[chosen].open(now)) {
                        notSentOpenCircuit++;
                        tried.add(chosen);
                        continue;
                    }
                    boolean success = draw < channels.get(chosen).rateAt(second);
                    if (channels.get(chosen).downAt(second)) {
                        callsWhileDown[chosen]++;
                    }
                    breakers[chosen].record(success, now);
                    (success ? ok : fail)[chosen][bucket]++;
                    succeeded = success;
                    break;
                }
                routedOk += succeeded ? 1 : 0;
            }
        }
        double router = routedOk / (double) payments;
        double best = oracleOk / (double) payments;
        double weights = staticOk / (double) payments;
        return String.format("{\"seed\":%d,\"channels\":%d,\"payments\":%d,\"payrouteSuccess\":%.4f,\"oracleSuccess\":%.4f,"
                + "\"staticWeightsSuccess\":%.4f,\"ratioToOracle\":%.4f,\"marginOverStatic\":%.4f,"
                + "\"callsToFirstDownChannelWhileDown\":%d,\"callsToSecondDownChannelWhileDown\":%d,"
                + "\"firstOutageSeconds\":600,\"secondOutageSeconds\":360,\"notSentBecauseCircuitOpen\":%d}",
                seed, CHANNELS, payments, router, best, weights, router / best, router - weights,
                callsWhileDown[firstDown], callsWhileDown[secondDown], notSentOpenCircuit);
    }

    private static int best(List<Channel> channels, int second) {
        int best = 0;
        for (int i = 1; i < channels.size(); i++) {
            if (channels.get(i).rateAt(second) > channels.get(best).rateAt(second)) {
                best = i;
            }
        }
        return best;
    }

    private static int byWeight(List<Channel> channels, SplittableRandom random) {
        int total = channels.stream().mapToInt(c -> c.weight).sum();
        int point = random.nextInt(total);
        for (int i = 0; i < channels.size(); i++) {
            point -= channels.get(i).weight;
            if (point < 0) {
                return i;
            }
        }
        return channels.size() - 1;
    }
}
