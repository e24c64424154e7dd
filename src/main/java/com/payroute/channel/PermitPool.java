package com.payroute.channel;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.redis.LuaScript;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.ConnectionPoolTooBusyException;

/**
 * Concurrency permits per (channel, merchant account), as expiring leases in Redis so the limit
 * holds across all replicas and a crashed worker's permit comes back by itself. Transaction and
 * query calls have separate pools, so a flood of queries cannot starve submissions.
 *
 * <p>A Redis call that fails or is slow grants nothing (the caller backs off): granting locally
 * while other calls hold Redis leases would add the two budgets up. Only once Redis has failed
 * {@link #FAILURES_BEFORE_LOCAL} times in a row does the pool switch, for a while, to a local
 * share of the limit (maxConcurrency / expectedReplicas), so the replicas together stay within it.
 * The share is at least one: a channel whose limit is below the replica count stays served and may
 * then see more than its limit, which it answers with 429 (not taken: re-routed, never charged).
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
    static final int FAILURES_BEFORE_LOCAL = 3;
    private static final long LOCAL_MODE_MILLIS = 5_000;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile long localUntil;

    PermitPool(ReactiveRedisDataSource redis, WorkerConfig config) {
        this.redis = redis;
        this.config = config;
    }

    public static String key(Kind kind, String channel, String merchantId) {
        return "{payroute}:permits:" + kind.name().toLowerCase() + ":" + channel + ":" + merchantId;
    }

    /** A permit, or null when none is free (or Redis cannot say so right now). */
    public Uni<Permit> acquire(Kind kind, ChannelConfig channel, String merchantId) {
        String key = key(kind, channel.code(), merchantId);
        if (System.currentTimeMillis() < localUntil) {
            return Uni.createFrom().item(acquireLocally(key, channel.maxConcurrency()));
        }
        String lease = UUID.randomUUID().toString();
        long leaseMs = channel.connectTimeoutMs() + channel.timeoutMs() + config.permitLeaseMargin().toMillis();
        return ACQUIRE.run(redis, List.of(key), List.of(Integer.toString(channel.maxConcurrency()), Long.toString(leaseMs), lease))
                .ifNoItem().after(config.redisTimeout()).fail()
                .map(granted -> {
                    consecutiveFailures.set(0);
                    return granted.toInteger() == 1 ? (Permit) () -> releaseLease(key, lease) : null;
                })
                .onFailure().recoverWithItem(failure -> {
                    if (failure instanceof ConnectionPoolTooBusyException) {
                        return null; // our own backpressure, not Redis failing: back off
                    }
                    if (consecutiveFailures.incrementAndGet() >= FAILURES_BEFORE_LOCAL) {
                        localUntil = System.currentTimeMillis() + LOCAL_MODE_MILLIS;
                        LOG.warnf("Redis permits unavailable (%s); each replica uses its local share for %d s",
                                failure.toString(), LOCAL_MODE_MILLIS / 1000);
                    }
                    return null;
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

}
