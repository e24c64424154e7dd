package com.payroute.bench;

import java.math.BigDecimal;
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

import com.payroute.channel.ChannelConfig;
import com.payroute.money.PaymentType;
import com.payroute.routing.Candidate;
import com.payroute.routing.Candidates;
import com.payroute.routing.RouteRequest;
import com.payroute.routing.RoutingConfig;
import com.payroute.routing.RoutingPolicy;

/**
 * The cost of one routing decision with 32 channels: the code Router.route runs (candidates from
 * the in-memory registry and statistics, then the policy), without the CDI beans around it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoutingDecisionBenchmark {

    private final List<ChannelConfig> channels = new ArrayList<>();
    private final Map<String, Double> rates = new HashMap<>();
    private final Map<String, Long> inFlight = new HashMap<>();
    private final RoutingPolicy policy = new RoutingPolicy(Double.parseDouble(RoutingConfig.DEFAULT_EXPLORATION),
            Double.parseDouble(RoutingConfig.DEFAULT_DEMOTION_GAP), Double.parseDouble(RoutingConfig.DEFAULT_TEMPERATURE));
    private final SplittableRandom random = new SplittableRandom(7);
    private final RouteRequest request = new RouteRequest("m_demo", PaymentType.DEBIT, "CNY", "ICBC", new BigDecimal("270.00"), List.of());
    private Set<String> open;

    @Setup
    public void channels() {
        SplittableRandom setup = new SplittableRandom(42);
        for (int i = 1; i <= 32; i++) {
            String code = String.format("sim-%02d", i);
            channels.add(new ChannelConfig(code, code, "http", "http://localhost/sim/" + code, null, true, 50 + setup.nextInt(100),
                    EnumSet.allOf(PaymentType.class), Set.of("CNY", "USD"), i % 2 == 0 ? Set.of() : Set.of("ICBC", "CCB", "ABC"),
                    new BigDecimal("0.01"), new BigDecimal("50000"), 20, 1000, 3000, 1));
            rates.put(code, 0.85 + setup.nextDouble() * 0.14);
            inFlight.put(code, (long) setup.nextInt(20));
        }
        open = Set.of("sim-03", "sim-17");
    }

    @Benchmark
    public Candidate decide() {
        List<Candidate> candidates = Candidates.of(channels, request, rates::get, open::contains, inFlight::get);
        return policy.choose(candidates, random);
    }
}
