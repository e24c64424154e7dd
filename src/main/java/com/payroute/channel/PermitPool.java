package com.payroute.channel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.redis.LuaScript;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Concurrency permits per (channel, merchant account), as expiring leases in Redis so the limit
 * holds across all replicas and a crashed worker's permit comes back by itself. Transaction and
 * query calls have separate pools, so a flood of queries cannot starve submissions.
 * If Redis is unreachable, each replica falls back to its share of the limit locally.
 */
@ApplicationScoped
public class PermitPool {

    private static final Logger LOG = Logger.getLogger(PermitPool.class);
    private static final LuaScript ACQUIRE = LuaScript.load("permit_acquire.lua");

    public enum Kind {
        TX, QUERY
    }

    /** A held permit; release it exactly once when the call is over. */
    public interface Permit {
        Uni<Void> release();
    }

    private final ReactiveRedisDataSource redis;
    private final WorkerConfig config;
    private final Map<String, Semaphore> local = new ConcurrentHashMap<>();

    PermitPool(ReactiveRedisDataSource redis, WorkerConfig config) {
        this.redis = redis;
        this.config = config;
    }

    public static String key(Kind kind, String channel, String merchantId) {
        return "{payroute}:permits:" + kind.name().toLowerCase() + ":" + channel + ":" + merchantId;
    }

    /** A permit, or null when the limit is reached. */
    public Uni<Permit> acquire(Kind kind, ChannelConfig channel, String merchantId) {
        String key = key(kind, channel.code(), merchantId);
        String lease = UUID.randomUUID().toString();
        long leaseMs = channel.connectTimeoutMs() + channel.timeoutMs() + config.permitLeaseMargin().toMillis();
        return ACQUIRE.run(redis, List.of(key), List.of(Integer.toString(channel.maxConcurrency()), Long.toString(leaseMs), lease))
                .ifNoItem().after(config.redisTimeout()).fail()
                .map(granted -> granted.toInteger() == 1 ? (Permit) () -> releaseLease(key, lease) : null)
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("Redis permits unavailable (%s); using the local share", failure.toString());
                    return acquireLocally(key, channel.maxConcurrency());
                });
    }

    private Uni<Void> releaseLease(String key, String lease) {
        return redis.execute("ZREM", key, lease)
                .ifNoItem().after(config.redisTimeout()).fail()
                .onFailure().invoke(e -> LOG.debugf("permit release failed (%s); the lease expires by itself", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Permit acquireLocally(String key, int limit) {
        int share = Math.max(1, limit / Math.max(1, config.expectedReplicas()));
        Semaphore semaphore = local.computeIfAbsent(key + "/" + share, k -> new Semaphore(share));
        if (!semaphore.tryAcquire()) {
            return null;
        }
        return () -> {
            semaphore.release();
            return Uni.createFrom().voidItem();
        };
    }

    /** Lease duration used for a channel (for admin display and tests). */
    public Duration leaseFor(ChannelConfig channel) {
        return Duration.ofMillis(channel.connectTimeoutMs() + channel.timeoutMs() + config.permitLeaseMargin().toMillis());
    }
}
