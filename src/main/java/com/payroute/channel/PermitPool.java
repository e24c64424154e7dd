package com.payroute.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.redis.LuaScript;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.ConnectionPoolTooBusyException;

/**
 * Concurrency permits per channel merchant account (商户号), as expiring leases in Redis, so the
 * account's limit holds across every business line bound to it and every replica, and a crashed
 * worker's permit comes back by itself. Submissions (of payments and refunds) and queries share
 * the one budget; each purpose may take at most {@link Budget#ownLimit} of it, so the rest stays
 * free for the other and neither starves the other.
 *
 * <p>A Redis call that fails or is slow grants nothing (the caller backs off). Only once Redis has
 * failed {@link #FAILURES_BEFORE_LOCAL} times in a row does the pool switch, for a while, to a local
 * share of the same budget (limit / expectedReplicas), counting every call this replica has in
 * flight, including those it started with a Redis lease. The share is at least one: an account
 * whose limit is below the replica count stays served and may then see more than its limit, which
 * it answers with 429 (not taken: re-routed, never charged).
 */
@ApplicationScoped
public class PermitPool {

    private static final Logger LOG = Logger.getLogger(PermitPool.class);
    private static final LuaScript ACQUIRE = LuaScript.load("permit_acquire.lua");
    private static final LuaScript RELEASE = LuaScript.load("permit_release.lua");
    static final int FAILURES_BEFORE_LOCAL = 3;
    private static final long LOCAL_MODE_MILLIS = 5_000;

    /** A held permit, released when the call is over; releasing it again gives nothing back (its counts still count). */
    public interface Permit {
        default Uni<Void> release() {
            return release(null);
        }

        /** Releases the permit and bumps {@code counts} (none: null) in the same Redis call. */
        Uni<Void> release(Counts counts);
    }

    /**
     * Counters in a Redis hash, each bumped by one with a permit's release: the statistics of the
     * call the permit was held for then cost no round trip of their own. Lost when Redis fails.
     */
    public record Counts(String hash, Duration lifetime, List<String> fields) {
    }

    /** Releases once, whoever calls it how often: a second release must not hand out a permit nobody returned. */
    private Permit once(String key, String lease, Runnable local) {
        AtomicBoolean released = new AtomicBoolean();
        return counts -> {
            if (!released.compareAndSet(false, true)) {
                return counts == null ? Uni.createFrom().voidItem() : release(key, "", counts);
            }
            local.run();
            return lease.isEmpty() && counts == null ? Uni.createFrom().voidItem() : release(key, lease, counts);
        };
    }

    /**
     * How an account's limit is shared: each purpose may use at most {@code ownLimit}, both together
     * at most {@code limit}. With a limit of one, both purposes share the single permit.
     */
    public record Budget(int limit, int ownLimit) {
        public static Budget of(int limit, double reserveShare) {
            int reserve = limit < 2 ? 0 : Math.max(1, (int) Math.round(limit * reserveShare));
            return new Budget(limit, limit - reserve);
        }

        /** Whether one more call fits beside {@code own} permits in use for its purpose and {@code other} for the other one. */
        public boolean admits(long own, long other) {
            return own < ownLimit && own + other < limit;
        }
    }

    /** This replica's calls in flight under one account, by purpose, whatever granted them. */
    private static final class LocalUse {
        final AtomicInteger[] byPurpose = { new AtomicInteger(), new AtomicInteger() };

        synchronized boolean tryTake(Purpose purpose, Budget budget) {
            int own = byPurpose[purpose.ordinal()].get();
            int other = byPurpose[purpose.other().ordinal()].get();
            if (!budget.admits(own, other)) {
                return false;
            }
            byPurpose[purpose.ordinal()].incrementAndGet();
            return true;
        }

        void take(Purpose purpose) {
            byPurpose[purpose.ordinal()].incrementAndGet();
        }

        void release(Purpose purpose) {
            byPurpose[purpose.ordinal()].decrementAndGet();
        }
    }

    private final ReactiveRedisDataSource redis;
    private final WorkerConfig config;
    private final Map<String, LocalUse> local = new ConcurrentHashMap<>();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile long localUntil;

    PermitPool(ReactiveRedisDataSource redis, WorkerConfig config) {
        this.redis = redis;
        this.config = config;
    }

    public static String key(String channel, String accountNo, Purpose purpose) {
        return "{payroute}:permits:" + channel + ":" + accountNo + ":" + purpose.tag();
    }

    /** The account's budget as this pool applies it. */
    public Budget budget(ChannelAccount account) {
        return Budget.of(account.maxConcurrency(), config.permitReserve());
    }

    /** A permit, or null when none is free (or Redis cannot say so right now). */
    public Uni<Permit> acquire(ChannelConfig channel, ChannelAccount account, Purpose purpose) {
        String accountKey = channel.code() + ":" + account.accountNo();
        LocalUse use = local.computeIfAbsent(accountKey, k -> new LocalUse());
        String key = key(channel.code(), account.accountNo(), purpose);
        if (System.currentTimeMillis() < localUntil) {
            int share = Math.max(1, account.maxConcurrency() / Math.max(1, config.expectedReplicas()));
            Budget localBudget = Budget.of(share, config.permitReserve());
            return Uni.createFrom().item(use.tryTake(purpose, localBudget) ? once(key, "", () -> use.release(purpose)) : null);
        }
        Budget budget = budget(account);
        String otherKey = key(channel.code(), account.accountNo(), purpose.other());
        String lease = UUID.randomUUID().toString();
        long leaseMs = channel.connectTimeoutMs() + channel.timeoutMs() + config.permitLeaseMargin().toMillis();
        return ACQUIRE.run(redis, List.of(key, otherKey), List.of(Integer.toString(budget.limit()),
                Integer.toString(budget.ownLimit()), Long.toString(leaseMs), lease))
                .ifNoItem().after(config.redisTimeout()).fail()
                .map(granted -> {
                    consecutiveFailures.set(0);
                    if (granted.toInteger() != 1) {
                        return null;
                    }
                    use.take(purpose);
                    return once(key, lease, () -> use.release(purpose));
                })
                .onFailure().recoverWithItem((Throwable failure) -> {
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

    /** Gives a lease back (none: {@code ""}) and bumps the counts (none: null), in one call that may fail without harm. */
    private Uni<Void> release(String key, String lease, Counts counts) {
        List<String> keys = counts == null ? List.of(key) : List.of(key, counts.hash());
        List<String> args = new ArrayList<>(List.of(lease, Long.toString(counts == null ? 0 : counts.lifetime().toMillis())));
        if (counts != null) {
            args.addAll(counts.fields());
        }
        return RELEASE.run(redis, keys, args)
                .ifNoItem().after(config.redisTimeout()).fail()
                .onFailure().invoke(e -> LOG.debugf("permit release failed (%s); the lease expires by itself", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
