package com.payroute.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Each channel account's calls in flight against its limit, across every replica: the live leases
 * of its permit sets in Redis, sampled every {@code payroute.metrics.interval} (the same value on
 * every replica: chart it with max). Gauges {@code payroute_channel_account_permits{channel,account,purpose}}
 * and {@code payroute_channel_account_limit{channel,account}}.
 */
@ApplicationScoped
public class AccountUsage {

    private final ChannelRegistry registry;
    private final ReactiveRedisDataSource redis;
    private final MeterRegistry meters;
    private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();

    AccountUsage(ChannelRegistry registry, ReactiveRedisDataSource redis, MeterRegistry meters) {
        this.registry = registry;
        this.redis = redis;
        this.meters = meters;
    }

    @Scheduled(every = "${payroute.metrics.interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sample() {
        List<Uni<Void>> samples = new ArrayList<>();
        String now = Long.toString(System.currentTimeMillis());
        for (ChannelConfig channel : registry.all()) {
            for (ChannelAccount account : channel.accounts().values()) {
                gauge("payroute.channel.account.limit", channel.code(), account.accountNo(), null).set(account.maxConcurrency());
                for (Purpose purpose : Purpose.values()) {
                    AtomicInteger inUse = gauge("payroute.channel.account.permits", channel.code(), account.accountNo(), purpose);
                    samples.add(redis.execute("ZCOUNT", PermitPool.key(channel.code(), account.accountNo(), purpose), "(" + now, "+inf")
                            .invoke(count -> inUse.set(count == null ? 0 : count.toInteger())).replaceWithVoid());
                }
            }
        }
        return samples.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(samples).andCollectFailures().replaceWithVoid().onFailure().recoverWithNull();
    }

    private AtomicInteger gauge(String name, String channel, String account, Purpose purpose) {
        return gauges.computeIfAbsent(name + "|" + channel + "|" + account + "|" + purpose, key -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.Builder<AtomicInteger> builder = Gauge.builder(name, value, AtomicInteger::get).tags("channel", channel, "account", account);
            if (purpose != null) {
                builder.tag("purpose", purpose.name().toLowerCase());
            }
            builder.register(meters);
            return value;
        });
    }
}
