package com.payroute.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.channel.CallOutcome;
import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelRegistry;
import com.payroute.channel.PermitPool;
import com.payroute.channel.Purpose;
import com.payroute.money.PaymentType;
import com.payroute.redis.LuaScript;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Live channel statistics for routing: success rate over the sliding window, per channel and per
 * segment (bank and payment type on a channel: a bank's maintenance hits one channel's route to it,
 * not the channel), and permits in use, refreshed from Redis in one script call every
 * {@code payroute.routing.refresh-interval}. A segment's rate is smoothed towards its channel's rate,
 * so a segment with few outcomes routes like its channel (scaled by how the segment fares everywhere:
 * {@link SegmentRates}). Routing reads only this in-memory snapshot.
 * When Redis stays unreachable the snapshot is dropped and routing falls back to ops weights alone.
 */
@ApplicationScoped
public class ChannelStats {

    private static final Logger LOG = Logger.getLogger(ChannelStats.class);
    private static final LuaScript SNAPSHOT = LuaScript.load("routing_snapshot.lua");
    private static final int FAILURES_BEFORE_STALE = 3;
    private static final String SEPARATOR = "|";

    private record Snapshot(SegmentRates.Rates rates, Leases leases) {
    }

    /** One permit counter in Redis: whose it is, and its key. */
    private record Slot(String channel, String accountNo, Purpose purpose) {
        String key() {
            return PermitPool.key(channel, accountNo, purpose);
        }
    }

    private static final Snapshot EMPTY = new Snapshot(SegmentRates.Rates.NONE, Leases.NONE);

    private final ReactiveRedisDataSource redis;
    private final ChannelRegistry registry;
    private final RoutingConfig config;
    private final OutcomeWindow window;
    private volatile Snapshot snapshot = EMPTY;
    private volatile int consecutiveFailures;

    ChannelStats(ReactiveRedisDataSource redis, ChannelRegistry registry, RoutingConfig config) {
        this.redis = redis;
        this.registry = registry;
        this.config = config;
        this.window = new OutcomeWindow((double) config.halfLife().toMillis() / config.bucket().toMillis(),
                config.priorRate(), config.priorWeight());
    }

    public SegmentRates.Window window(String channel) {
        SegmentRates.Window w = snapshot.rates().channels().get(channel);
        return w != null ? w : new SegmentRates.Window(config.priorRate(), 0, 0);
    }

    /** The name of a segment: a bank and a payment type ({@code "ICBC|DEBIT"}). */
    public static String segment(String bankCode, PaymentType type) {
        return bankCode + SEPARATOR + type.name();
    }

    /** A segment's window on a channel (see {@link SegmentRates} for one with few or no outcomes there). */
    public SegmentRates.Window window(String channel, String segment) {
        return snapshot.rates().window(channel, segment, window(channel));
    }

    /** Every segment of a channel with outcomes in the window, by segment name. */
    public Map<String, SegmentRates.Window> segments(String channel) {
        return snapshot.rates().segments().getOrDefault(channel, Map.of());
    }

    /** Permits held per channel account and purpose across replicas, as of the last refresh. */
    public Leases leases() {
        return snapshot.leases();
    }

    /** Permits held for one purpose under a channel account across replicas, as of the last refresh. */
    public long inFlight(String channel, String accountNo, Purpose purpose) {
        return snapshot.leases().inFlight(channel, accountNo, purpose);
    }

    /** Calls in flight on a channel, all accounts and purposes, across replicas. */
    public long inFlight(ChannelConfig channel) {
        long total = 0;
        for (String account : channel.accounts().keySet()) {
            total += inFlight(channel.code(), account, Purpose.SUBMIT) + inFlight(channel.code(), account, Purpose.QUERY);
        }
        return total;
    }

    /**
     * The counters a submission's outcome bumps, for the channel and its segment, to go with its
     * permit's release ({@link PermitPool.Permit#release(PermitPool.Counts)}); null for an outcome
     * that says nothing of the channel (the order was not taken, or no answer yet). Losing them
     * (Redis down) loses no money.
     */
    public PermitPool.Counts counts(String channel, String segment, CallOutcome outcome) {
        String suffix = switch (outcome.kind()) {
            case SUCCEEDED -> ":ok";
            case FAILED, AMBIGUOUS -> ":fail";
            case NOT_TAKEN -> "CONNECT_FAILED".equals(outcome.code()) ? ":fail" : null;
            case PROCESSING, NOT_FOUND -> null;
        };
        if (suffix == null) {
            return null;
        }
        long bucketMillis = config.bucket().toMillis();
        return new PermitPool.Counts(bucketKey(System.currentTimeMillis() / bucketMillis),
                Duration.ofMillis(bucketMillis * (config.windowBuckets() + 1L)),
                List.of(channel + suffix, channel + SEPARATOR + segment + suffix));
    }

    @Scheduled(every = "${payroute.routing.refresh-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> refresh() {
        long newest = Instant.now().toEpochMilli() / config.bucket().toMillis();
        List<String> keys = new ArrayList<>();
        for (int age = 0; age < config.windowBuckets(); age++) {
            keys.add(bucketKey(newest - age));
        }
        List<Slot> slots = new ArrayList<>();
        for (ChannelConfig channel : registry.all()) {
            for (String account : channel.accounts().keySet()) {
                for (Purpose purpose : Purpose.values()) {
                    Slot slot = new Slot(channel.code(), account, purpose);
                    slots.add(slot);
                    keys.add(slot.key());
                }
            }
        }
        return SNAPSHOT.run(redis, keys, List.of(Integer.toString(config.windowBuckets())))
                .ifNoItem().after(Duration.ofSeconds(1)).fail()
                .invoke(response -> {
                    snapshot = parse(response, slots);
                    consecutiveFailures = 0;
                })
                .onFailure().invoke(e -> {
                    if (++consecutiveFailures == FAILURES_BEFORE_STALE) {
                        LOG.warnf("routing statistics unavailable (%s); routing by ops weights only", e.toString());
                        snapshot = EMPTY;
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Snapshot parse(Response response, List<Slot> slots) {
        Map<String, OutcomeWindow.Tally> tallies = new HashMap<>();
        Map<String, Map<String, OutcomeWindow.Tally>> segmentTallies = new HashMap<>();
        int buckets = config.windowBuckets();
        for (int age = 0; age < buckets; age++) {
            Map<String, long[]> counts = new HashMap<>();
            Response bucket = response.get(age);
            for (int i = 0; i + 1 < bucket.size(); i += 2) {
                String field = bucket.get(i).toString();
                int colon = field.lastIndexOf(':');
                long[] okFail = counts.computeIfAbsent(field.substring(0, colon), k -> new long[2]);
                okFail[field.endsWith(":ok") ? 0 : 1] += bucket.get(i + 1).toLong();
            }
            final int bucketAge = age;
            counts.forEach((name, okFail) -> {
                int bar = name.indexOf(SEPARATOR);
                OutcomeWindow.Tally tally = bar < 0 ? tallies.computeIfAbsent(name, c -> window.tally())
                        : segmentTallies.computeIfAbsent(name.substring(0, bar), c -> new HashMap<>())
                                .computeIfAbsent(name.substring(bar + 1), seg -> window.tally());
                tally.add(bucketAge, okFail[0], okFail[1]);
            });
        }
        Leases.Builder leases = new Leases.Builder();
        Response counts = response.get(buckets);
        for (int i = 0; i < slots.size() && i < counts.size(); i++) {
            Slot slot = slots.get(i);
            leases.add(slot.channel(), slot.accountNo(), slot.purpose(), counts.get(i).toLong());
        }
        return new Snapshot(SegmentRates.of(window, tallies, segmentTallies), leases.build());
    }

    private static String bucketKey(long bucket) {
        return "{payroute}:outcomes:" + bucket;
    }
}
