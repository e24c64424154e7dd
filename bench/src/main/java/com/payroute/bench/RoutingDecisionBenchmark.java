package com.payroute.bench;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.payroute.channel.ChannelAccount;
import com.payroute.channel.ChannelConfig;
import com.payroute.channel.PayoutWindows;
import com.payroute.channel.PermitPool;
import com.payroute.channel.Purpose;
import com.payroute.channel.WorkerConfig;
import com.payroute.money.PaymentType;
import com.payroute.routing.Candidate;
import com.payroute.routing.Candidates;
import com.payroute.routing.ChannelStats;
import com.payroute.routing.Leases;
import com.payroute.routing.OutcomeWindow;
import com.payroute.routing.RouteRequest;
import com.payroute.routing.RoutingConfig;
import com.payroute.routing.RoutingPolicy;
import com.payroute.routing.SegmentRates;

/**
 * The cost of one routing decision with 32 channels and 5 banks: the code Router.decide runs
 * (candidates from the in-memory registry, each with its segment's rate from the statistics
 * snapshot and whether its account has room by the snapshot's leases, then the policy), without the
 * CDI beans around it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoutingDecisionBenchmark {

    private static final String[] BANKS = { "ICBC", "CCB", "ABC", "BOC", "CMB" };

    private final List<ChannelConfig> channels = new ArrayList<>();
    private final Leases.Builder leases = new Leases.Builder();
    private final double permitReserve = Double.parseDouble(WorkerConfig.DEFAULT_PERMIT_RESERVE);
    private final RoutingPolicy policy = new RoutingPolicy(Double.parseDouble(RoutingConfig.DEFAULT_EXPLORATION),
            Double.parseDouble(RoutingConfig.DEFAULT_DIRECTED_EXPLORATION), Double.parseDouble(RoutingConfig.DEFAULT_EXPLORATION_CONFIDENCE),
            Double.parseDouble(RoutingConfig.DEFAULT_PRIOR_WEIGHT), Double.parseDouble(RoutingConfig.DEFAULT_DEMOTION_GAP),
            Double.parseDouble(RoutingConfig.DEFAULT_TEMPERATURE));
    private final SplittableRandom random = new SplittableRandom(7);
    private final RouteRequest request = new RouteRequest("m_demo", PaymentType.DEBIT, "CNY", "ICBC", new BigDecimal("270.00"), List.of());
    private SegmentRates.Rates rates;
    private Set<String> open;

    @Setup
    public void channels() {
        SplittableRandom setup = new SplittableRandom(42);
        OutcomeWindow window = new OutcomeWindow(6, 0.9, 20);
        Map<String, OutcomeWindow.Tally> channelTallies = new HashMap<>();
        Map<String, Map<String, OutcomeWindow.Tally>> segmentTallies = new HashMap<>();
        for (int i = 1; i <= 32; i++) {
            String code = String.format("sim-%02d", i);
            channels.add(new ChannelConfig(code, code, "http", "http://localhost/sim/" + code, true, 50 + setup.nextInt(100),
                    EnumSet.allOf(PaymentType.class), Set.of("CNY", "USD"), i % 2 == 0 ? Set.of() : Set.of("ICBC", "CCB", "ABC"),
                    new BigDecimal("0.01"), new BigDecimal("50000"), 1000, 3000, 120_000, 30_000, ZoneId.of("Asia/Shanghai"),
                    LocalTime.of(23, 0), PayoutWindows.of(List.of(), ZoneId.of("Asia/Shanghai")), Map.of("default", new ChannelAccount("default", null, 20, true)),
                    Map.of(), 1));
            for (Purpose purpose : Purpose.values()) {
                leases.add(code, "default", purpose, setup.nextInt(10));
            }
            for (String bank : BANKS) {
                for (int age = 0; age < 24; age++) {
                    long attempts = 20 + setup.nextInt(20);
                    long ok = Math.round(attempts * (0.85 + setup.nextDouble() * 0.14));
                    channelTallies.computeIfAbsent(code, c -> window.tally()).add(age, ok, attempts - ok);
                    segmentTallies.computeIfAbsent(code, c -> new HashMap<>())
                            .computeIfAbsent(ChannelStats.segment(bank, PaymentType.DEBIT), s -> window.tally()).add(age, ok, attempts - ok);
                }
            }
        }
        rates = SegmentRates.of(window, channelTallies, segmentTallies);
        held = leases.build();
        open = Set.of("sim-03", "sim-17");
    }

    private Leases held;

    @Benchmark
    public Candidate decide() {
        String segment = ChannelStats.segment(request.bankCode(), request.type());
        List<Candidate> candidates = Candidates.of(channels, request,
                code -> rates.window(code, segment, rates.channels().get(code)),
                open::contains, channel -> {
                    ChannelAccount account = channel.accountFor(request.merchantId());
                    return held.admitsSubmission(channel.code(), account.accountNo(),
                            PermitPool.Budget.of(account.maxConcurrency(), permitReserve));
                });
        return policy.choose(candidates, random);
    }
}
