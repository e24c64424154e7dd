package com.payroute.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.payroute.channel.ChannelsConfig;
import com.payroute.routing.Candidate;
import com.payroute.routing.OutcomeWindow;
import com.payroute.routing.RoutingConfig;
import com.payroute.routing.RoutingPolicy;
import com.payroute.routing.SegmentRates;

/**
 * How well routing picks channels, offline and repeatable (same seed, same numbers): 32 channels
 * serving 5 banks, whose true success rates drift per channel and differ a little per bank. Three
 * routers see the same payments and the same random draws:
 * <ul>
 * <li>payroute: the production {@link RoutingPolicy} with the production defaults ({@link RoutingConfig},
 * {@link ChannelsConfig.Breaker}), fed like in production by outcome counts per channel and per
 * (channel, bank) in time buckets turned into rates by {@link SegmentRates} every second, and by a
 * circuit breaker per channel that counts only transport failures (a decline is an answer);</li>
 * <li>oracle: always the channel with the best true rate for the payment's bank at that moment;</li>
 * <li>static: the ops weights only.</li>
 * </ul>
 * Scenarios: {@code drift} (two channels go fully down for 10 and 6 minutes), {@code bank-route}
 * (one channel's route to one bank collapses for 15 minutes, everything else unchanged) and
 * {@code bank-maintenance} (one bank fails on every channel for 30 minutes: nothing to gain by moving).
 * Prints one JSON line per scenario, or for {@code all <seeds>} the minimum and median over the seeds.
 * Each says where the loss against the oracle goes, as expected success per payment: the channel believed
 * best was not the true best ({@code lossBelievedBestWrong}; {@code lossOfItTrueBestLittleKnown} is the part
 * where the true best rested on less than 20 outcomes' evidence for the bank), and the payment went
 * elsewhere than the channel believed best ({@code lossSpread}: temperature and exploration).
 *
 * <p>{@code -DfullInformation=true} feeds payroute's statistics, for every payment, the outcome it would
 * have had on every channel, not only on the one it went to (no router can see that): it shows how much
 * of the loss against the oracle is missing information rather than the arithmetic of the estimates.
 */
public final class RoutingQualitySimulation {

    static final int CHANNELS = 32;
    static final int BANKS = 5;
    static final int SECONDS = 3600;
    static final int PAYMENTS_PER_SECOND = 50;
    static final int BUCKET_SECONDS = Integer.parseInt(RoutingConfig.DEFAULT_BUCKET_SECONDS);
    static final int WINDOW_BUCKETS = Integer.parseInt(RoutingConfig.DEFAULT_WINDOW_BUCKETS);
    static final int BREAKER_VOLUME = Integer.parseInt(ChannelsConfig.Breaker.DEFAULT_REQUEST_VOLUME);
    static final double BREAKER_RATIO = Double.parseDouble(ChannelsConfig.Breaker.DEFAULT_FAILURE_RATIO);
    static final double BREAKER_DELAY = Double.parseDouble(ChannelsConfig.Breaker.DEFAULT_DELAY_SECONDS);
    static final int BREAKER_SUCCESSES = Integer.parseInt(ChannelsConfig.Breaker.DEFAULT_SUCCESS_THRESHOLD);
    static final String[] SCENARIOS = { "drift", "bank-route", "bank-maintenance" };
    /** How far a channel's rate for one bank may sit from its rate (±), -DbankSpread= to try others. */
    static final double BANK_SPREAD = Double.parseDouble(System.getProperty("bankSpread", "0.01"));
    /** The bank the bank scenarios hit, and when. */
    static final int HIT_BANK = 0;
    static final int HIT_FROM = 1200;
    static final boolean FULL_INFORMATION = Boolean.getBoolean("fullInformation");
    /** Below this much evidence for the payment's bank, the loss report counts the true best channel as little known. */
    static final double LITTLE_EVIDENCE = 20;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("all")) {
            int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
            for (String scenario : SCENARIOS) {
                System.out.println(summary(scenario, seeds));
            }
            return;
        }
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 42;
        for (String scenario : args.length > 1 ? new String[] { args[1] } : SCENARIOS) {
            System.out.println(run(scenario, seed).json());
        }
    }

    /** A channel's true behaviour. */
    static final class Channel {
        final int weight;
        double rate;
        final double[] bankOffset = new double[BANKS];
        int downFrom = -1;
        int downTo = -1;
        int bankHitFrom = -1;
        int bankHitTo = -1;
        double bankHitRate;

        Channel(int weight, double rate) {
            this.weight = weight;
            this.rate = rate;
        }

        double rateAt(int second, int bank, String scenario) {
            if (downAt(second)) {
                return 0.0;
            }
            if (bank == HIT_BANK && second >= bankHitFrom && second < bankHitTo) {
                return bankHitRate;
            }
            if (bank == HIT_BANK && scenario.equals("bank-maintenance") && second >= HIT_FROM && second < HIT_FROM + 1800) {
                return 0.0;
            }
            return Math.max(0.0, Math.min(0.995, rate + bankOffset[bank]));
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

    /** One run's figures. */
    record Result(String scenario, long seed, long payments, double payroute, double oracle, double weights,
            double otherBanksDuring, double otherBanksAfter, double otherBanksOracleDuring, double otherBanksOracleAfter,
            double movedBefore, double movedDuring, long callsWhileDown, double lossBestKnown, double lossBestLittleKnown,
            double lossSpread) {

        double ratio() {
            return payroute / oracle;
        }

        String json() {
            return String.format("{\"scenario\":\"%s\",\"seed\":%d,\"payments\":%d,\"payrouteSuccess\":%.4f,\"oracleSuccess\":%.4f,"
                    + "\"staticWeightsSuccess\":%.4f,\"ratioToOracle\":%.4f,\"marginOverStatic\":%.4f,"
                    + "\"otherBanksRatioDuring\":%.4f,\"otherBanksRatioAfter\":%.4f,"
                    + "\"hitBankMovedPerMinuteBefore\":%.3f,\"hitBankMovedPerMinuteDuring\":%.3f,\"callsToDownChannelsWhileDown\":%d,"
                    + "\"lossBelievedBestWrong\":%.4f,\"lossOfItTrueBestLittleKnown\":%.4f,\"lossSpread\":%.4f}",
                    scenario, seed, payments, payroute, oracle, weights, ratio(), payroute - weights,
                    otherBanksDuring / otherBanksOracleDuring, otherBanksAfter / otherBanksOracleAfter,
                    movedBefore, movedDuring, callsWhileDown, lossBestKnown + lossBestLittleKnown, lossBestLittleKnown, lossSpread);
        }
    }

    static String summary(String scenario, int seeds) {
        List<Result> results = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            results.add(run(scenario, seed));
        }
        double[] ratios = results.stream().mapToDouble(Result::ratio).sorted().toArray();
        double[] margins = results.stream().mapToDouble(r -> r.payroute() - r.weights()).sorted().toArray();
        double[] otherDuring = results.stream().mapToDouble(r -> r.otherBanksDuring() / r.otherBanksOracleDuring()).sorted().toArray();
        double[] otherAfter = results.stream().mapToDouble(r -> r.otherBanksAfter() / r.otherBanksOracleAfter()).sorted().toArray();
        double[] movedBefore = results.stream().mapToDouble(Result::movedBefore).sorted().toArray();
        double[] movedDuring = results.stream().mapToDouble(Result::movedDuring).sorted().toArray();
        double[] believed = results.stream().mapToDouble(r -> r.lossBestKnown() + r.lossBestLittleKnown()).sorted().toArray();
        double[] littleKnown = results.stream().mapToDouble(Result::lossBestLittleKnown).sorted().toArray();
        double[] spread = results.stream().mapToDouble(Result::lossSpread).sorted().toArray();
        return String.format("{\"scenario\":\"%s\",\"seeds\":%d,\"ratioToOracleMin\":%.4f,\"ratioToOracleMedian\":%.4f,"
                + "\"marginOverStaticMin\":%.4f,\"marginOverStaticMedian\":%.4f,\"otherBanksRatioDuringMin\":%.4f,"
                + "\"otherBanksRatioAfterMin\":%.4f,\"hitBankMovedPerMinuteBeforeMedian\":%.3f,\"hitBankMovedPerMinuteDuringMedian\":%.3f,"
                + "\"lossBelievedBestWrongMedian\":%.4f,\"lossOfItTrueBestLittleKnownMedian\":%.4f,\"lossSpreadMedian\":%.4f}",
                scenario, seeds, ratios[0], median(ratios), margins[0], median(margins), otherDuring[0], otherAfter[0],
                median(movedBefore), median(movedDuring), median(believed), median(littleKnown), median(spread));
    }

    /** A production default, or {@code -D<name>=} to try another (how the defaults were chosen). */
    private static double setting(String name, String productionDefault) {
        return Double.parseDouble(System.getProperty(name, productionDefault));
    }

    private static double median(double[] sorted) {
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    static Result run(String scenario, long seed) {
        SplittableRandom world = new SplittableRandom(seed);
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            Channel c = new Channel(50 + world.nextInt(101), 0.80 + world.nextDouble() * 0.19);
            for (int b = 0; b < BANKS; b++) {
                c.bankOffset[b] = world.nextDouble(-BANK_SPREAD, BANK_SPREAD);
            }
            channels.add(c);
        }
        int firstDown = -1;
        if (scenario.equals("drift")) { // the channel best at t=900 goes down for 10 minutes
            firstDown = best(channels, 900, 1, scenario);
            channels.get(firstDown).downFrom = 900;
            channels.get(firstDown).downTo = 1500;
        }

        RoutingPolicy policy = new RoutingPolicy(setting("exploration", RoutingConfig.DEFAULT_EXPLORATION),
                setting("directedExploration", RoutingConfig.DEFAULT_DIRECTED_EXPLORATION),
                setting("explorationConfidence", RoutingConfig.DEFAULT_EXPLORATION_CONFIDENCE),
                setting("priorWeight", RoutingConfig.DEFAULT_PRIOR_WEIGHT),
                setting("demotionGap", RoutingConfig.DEFAULT_DEMOTION_GAP), setting("temperature", RoutingConfig.DEFAULT_TEMPERATURE));
        OutcomeWindow windowMath = new OutcomeWindow(setting("halfLifeSeconds", RoutingConfig.DEFAULT_HALF_LIFE_SECONDS) / BUCKET_SECONDS,
                setting("priorRate", RoutingConfig.DEFAULT_PRIOR_RATE), setting("priorWeight", RoutingConfig.DEFAULT_PRIOR_WEIGHT));
        int buckets = SECONDS / BUCKET_SECONDS + 1;
        long[][][] ok = new long[CHANNELS][BANKS][buckets];
        long[][][] fail = new long[CHANNELS][BANKS][buckets];
        double[][] snapshot = new double[CHANNELS][BANKS];
        double[][] evidence = new double[CHANNELS][BANKS]; // the age-weighted outcomes each snapshot rate rests on
        for (double[] row : snapshot) {
            Arrays.fill(row, Double.parseDouble(RoutingConfig.DEFAULT_PRIOR_RATE));
        }
        Breaker[] breakers = new Breaker[CHANNELS];
        for (int i = 0; i < CHANNELS; i++) {
            breakers[i] = new Breaker();
        }
        SplittableRandom routing = new SplittableRandom(seed + 1);
        SplittableRandom staticRouting = new SplittableRandom(seed + 2);
        SplittableRandom outcomes = new SplittableRandom(seed + 3);
        SplittableRandom banks = new SplittableRandom(seed + 4);
        SplittableRandom unseen = new SplittableRandom(seed + 5); // full information: the outcomes on the other channels
        long payments = 0;
        long routedOk = 0;
        long oracleOk = 0;
        long staticOk = 0;
        long[] other = new long[4]; // during: payroute, oracle; after: payroute, oracle (banks the scenario does not hit)
        long callsWhileDown = 0;
        // expected loss against the oracle, summed over payments (each makes one call at most): [0, 1] the
        // channel believed best is not the true best (1: the true best rests on little evidence for the bank),
        // [2] the payment did not go to the channel believed best (temperature, exploration)
        double[] loss = new double[3];
        int secondDown = -1;
        // thrash: the share of the hit bank's payments that moved to other channels from one minute to the next
        // (total variation distance between consecutive minutes), averaged over the 30 minutes before and during
        double[] moved = new double[2];
        int[] minutes = new int[2];
        long[] minute = new long[CHANNELS];
        long[] previousMinute = null;

        for (int second = 0; second < SECONDS; second++) {
            if (scenario.equals("drift") && second == 2200) {
                secondDown = best(channels, 2200, 1, scenario);
                if (secondDown == firstDown) {
                    secondDown = (secondDown + 1) % CHANNELS;
                }
                channels.get(secondDown).downFrom = 2200;
                channels.get(secondDown).downTo = 2560;
            }
            if (scenario.equals("bank-route") && second == HIT_FROM) {
                Channel hit = channels.get(best(channels, HIT_FROM, HIT_BANK, scenario));
                hit.bankHitFrom = HIT_FROM;
                hit.bankHitTo = HIT_FROM + 900;
                hit.bankHitRate = 0.2;
            }
            for (Channel c : channels) { // drift: a random walk kept within [0.5, 0.995]
                c.rate = Math.max(0.5, Math.min(0.995, c.rate + world.nextDouble(-0.004, 0.004)));
            }
            int bucket = second / BUCKET_SECONDS;
            // the once-a-second refresh of the routing snapshot, through the production arithmetic
            Map<String, OutcomeWindow.Tally> channelTallies = new HashMap<>();
            Map<String, Map<String, OutcomeWindow.Tally>> segmentTallies = new HashMap<>();
            for (int i = 0; i < CHANNELS; i++) {
                for (int b = 0; b < BANKS; b++) {
                    for (int age = 0; age < WINDOW_BUCKETS && bucket - age >= 0; age++) {
                        long o = ok[i][b][bucket - age];
                        long f = fail[i][b][bucket - age];
                        if (o + f > 0) {
                            channelTallies.computeIfAbsent(Integer.toString(i), c -> windowMath.tally()).add(age, o, f);
                            segmentTallies.computeIfAbsent(Integer.toString(i), c -> new HashMap<>())
                                    .computeIfAbsent(Integer.toString(b), s -> windowMath.tally()).add(age, o, f);
                        }
                    }
                }
            }
            SegmentRates.Rates rates = SegmentRates.of(windowMath, channelTallies, segmentTallies);
            for (int i = 0; i < CHANNELS; i++) {
                SegmentRates.Window channelWindow = rates.channels().getOrDefault(Integer.toString(i),
                        new SegmentRates.Window(Double.parseDouble(RoutingConfig.DEFAULT_PRIOR_RATE), 0, 0));
                for (int b = 0; b < BANKS; b++) {
                    SegmentRates.Window segment = rates.window(Integer.toString(i), Integer.toString(b), channelWindow);
                    snapshot[i][b] = segment.successRate();
                    evidence[i][b] = segment.evidence();
                }
            }
            if (second % 60 == 0 && second > 0) {
                boolean during = second > HIT_FROM + 60 && second <= HIT_FROM + 1800;
                boolean before = second > HIT_FROM - 1800 && second <= HIT_FROM;
                if (previousMinute != null && (during || before)) {
                    moved[during ? 1 : 0] += distance(previousMinute, minute);
                    minutes[during ? 1 : 0]++;
                }
                previousMinute = minute;
                minute = new long[CHANNELS];
            }
            for (int p = 0; p < PAYMENTS_PER_SECOND; p++) {
                double now = second + p / (double) PAYMENTS_PER_SECOND;
                double draw = outcomes.nextDouble();
                int bank = banks.nextInt(BANKS);
                payments++;
                int oracle = best(channels, second, bank, scenario);
                boolean oracleSucceeds = draw < channels.get(oracle).rateAt(second, bank, scenario);
                oracleOk += oracleSucceeds ? 1 : 0;
                int fixed = byWeight(channels, staticRouting);
                staticOk += draw < channels.get(fixed).rateAt(second, bank, scenario) ? 1 : 0;

                // payroute: a channel whose circuit is open is not called; the payment goes on
                List<Integer> tried = new ArrayList<>();
                boolean succeeded = false;
                for (int attempt = 0; attempt < 4; attempt++) {
                    List<Candidate> candidates = new ArrayList<>();
                    for (int i = 0; i < CHANNELS; i++) {
                        if (!tried.contains(i)) {
                            candidates.add(new Candidate(Integer.toString(i), channels.get(i).weight, snapshot[i][bank], evidence[i][bank],
                                    breakers[i].open(now), true));
                        }
                    }
                    int chosen = Integer.parseInt(policy.choose(candidates, routing).code());
                    if (breakers[chosen].open(now)) {
                        tried.add(chosen);
                        continue;
                    }
                    Channel c = channels.get(chosen);
                    boolean success = draw < c.rateAt(second, bank, scenario);
                    double oracleRate = channels.get(oracle).rateAt(second, bank, scenario);
                    double believedRate = channels.get(believedBest(snapshot, breakers, bank, now)).rateAt(second, bank, scenario);
                    loss[evidence[oracle][bank] < LITTLE_EVIDENCE ? 1 : 0] += oracleRate - believedRate;
                    loss[2] += believedRate - c.rateAt(second, bank, scenario);
                    if (c.downAt(second)) {
                        callsWhileDown++;
                    }
                    breakers[chosen].record(!c.downAt(second), now); // a decline is an answer; a down channel is not
                    (success ? ok : fail)[chosen][bank][bucket]++;
                    if (FULL_INFORMATION) {
                        for (int i = 0; i < CHANNELS; i++) {
                            if (i != chosen) {
                                (unseen.nextDouble() < channels.get(i).rateAt(second, bank, scenario) ? ok : fail)[i][bank][bucket]++;
                            }
                        }
                    }
                    succeeded = success;
                    if (bank == HIT_BANK) {
                        minute[chosen]++;
                    }
                    break;
                }
                routedOk += succeeded ? 1 : 0;
                if (bank != HIT_BANK && second >= HIT_FROM) {
                    int at = second < HIT_FROM + 1800 ? 0 : 2;
                    other[at] += succeeded ? 1 : 0;
                    other[at + 1] += oracleSucceeds ? 1 : 0;
                }
            }
        }
        return new Result(scenario, seed, payments, routedOk / (double) payments, oracleOk / (double) payments,
                staticOk / (double) payments, other[0], other[2], other[1], other[3], moved[0] / Math.max(1, minutes[0]),
                moved[1] / Math.max(1, minutes[1]), callsWhileDown, loss[0] / payments, loss[1] / payments, loss[2] / payments);
    }

    /** The channel with the highest believed rate for the bank among those whose circuit is closed. */
    private static int believedBest(double[][] snapshot, Breaker[] breakers, int bank, double now) {
        int best = -1;
        for (int i = 0; i < CHANNELS; i++) {
            if (!breakers[i].open(now) && (best < 0 || snapshot[i][bank] > snapshot[best][bank])) {
                best = i;
            }
        }
        return Math.max(best, 0);
    }

    /** Total variation distance between two minutes' distributions of payments over channels. */
    private static double distance(long[] a, long[] b) {
        double sumA = Arrays.stream(a).sum();
        double sumB = Arrays.stream(b).sum();
        if (sumA == 0 || sumB == 0) {
            return 0;
        }
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] / sumA - b[i] / sumB);
        }
        return d / 2;
    }

    private static int best(List<Channel> channels, int second, int bank, String scenario) {
        int best = 0;
        for (int i = 1; i < channels.size(); i++) {
            if (channels.get(i).rateAt(second, bank, scenario) > channels.get(best).rateAt(second, bank, scenario)) {
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
