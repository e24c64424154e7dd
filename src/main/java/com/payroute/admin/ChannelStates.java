package com.payroute.admin;

import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.channel.ChannelAccount;
import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelGuards;
import com.payroute.channel.ChannelRegistry;
import com.payroute.channel.Purpose;
import com.payroute.messaging.QueueDepths;
import com.payroute.messaging.RabbitTopology;
import com.payroute.routing.ChannelStats;
import com.payroute.routing.SegmentRates;
import com.payroute.routing.RoutingConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Builds {@link ChannelView}s: configuration from the registry, live state from stats, breakers, queues and recent attempts. */
@ApplicationScoped
public class ChannelStates {

    private final ChannelRegistry registry;
    private final ChannelStats stats;
    private final ChannelGuards guards;
    private final QueueDepths depths;
    private final Pool pool;
    private final RoutingConfig routing;

    ChannelStates(ChannelRegistry registry, ChannelStats stats, ChannelGuards guards, QueueDepths depths, Pool pool,
            RoutingConfig routing) {
        this.registry = registry;
        this.stats = stats;
        this.guards = guards;
        this.depths = depths;
        this.pool = pool;
        this.routing = routing;
    }

    public Uni<List<ChannelView>> all() {
        return p95().map(p95 -> registry.all().stream().map(c -> view(c, p95.get(c.code()))).toList());
    }

    public Uni<ChannelView> one(ChannelConfig channel) {
        return p95().map(p95 -> view(channel, p95.get(channel.code())));
    }

    private ChannelView view(ChannelConfig c, Long p95) {
        SegmentRates.Window window = stats.window(c.code());
        ChannelView.Live live = new ChannelView.Live(
                Math.round(window.successRate() * 10_000) / 10_000.0,
                window.attempts(),
                stats.inFlight(c),
                p95,
                guards.state(c.code(), Purpose.SUBMIT).name(),
                depths.depth(RabbitTopology.txQueue(c.code())),
                depths.depth(RabbitTopology.queryQueue(c.code())),
                stats.segments(c.code()).entrySet().stream().map(e -> {
                    String[] bankAndType = e.getKey().split("\\|", 2);
                    return new ChannelView.BankRate(bankAndType[0], bankAndType[1],
                            Math.round(e.getValue().successRate() * 10_000) / 10_000.0, e.getValue().attempts());
                }).sorted(java.util.Comparator.comparing(ChannelView.BankRate::bank).thenComparing(ChannelView.BankRate::type)).toList());
        ChannelAccount defaultAccount = c.defaultAccount();
        List<ChannelView.Account> accounts = c.accounts().values().stream()
                .map(a -> new ChannelView.Account(a.accountNo(), a.credentialsRef(), a.maxConcurrency(), a.isDefault(),
                        stats.inFlight(c.code(), a.accountNo(), Purpose.SUBMIT), stats.inFlight(c.code(), a.accountNo(), Purpose.QUERY)))
                .toList();
        return new ChannelView(c.code(), c.name(), c.connector(), c.baseUrl(), defaultAccount.credentialsRef(), c.enabled(),
                c.weight(), c.types().stream().map(Enum::name).sorted().toList(), c.currencies().stream().sorted().toList(),
                c.banks().stream().sorted().toList(), c.minAmount().setScale(2, RoundingMode.HALF_UP).toPlainString(),
                c.maxAmount().setScale(2, RoundingMode.HALF_UP).toPlainString(), defaultAccount.maxConcurrency(),
                c.connectTimeoutMs(), c.timeoutMs(), c.notFoundGraceMs(), c.notFoundConfirmMs(), c.timezone().getId(),
                c.cutoff().toString(), ChannelCatalog.json(c).getJsonArray("payoutWindows").getList(), accounts,
                new TreeMap<>(c.bindings()), c.version(), live);
    }

    /** p95 call latency per channel over the routing window, from the attempts themselves. */
    private Uni<Map<String, Long>> p95() {
        long windowMillis = routing.bucket().toMillis() * routing.windowBuckets();
        return pool.preparedQuery("select channel_code, percentile_cont(0.95) within group (order by latency_ms) as p95 "
                + "from attempt where created_at > now() - $1 * interval '1 millisecond' and latency_ms is not null group by channel_code")
                .execute(Tuple.of(windowMillis))
                .map(rows -> {
                    Map<String, Long> p95 = new HashMap<>();
                    for (Row row : rows) {
                        p95.put(row.getString("channel_code"), Math.round(row.getDouble("p95")));
                    }
                    return p95;
                });
    }
}
