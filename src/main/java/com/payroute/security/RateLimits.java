package com.payroute.security;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.redis.LuaScript;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Each merchant's request rate (merchant.rate_limit_per_second): a token bucket in Redis, so the rate
 * holds across replicas; while Redis does not answer, a local bucket of the same rate divided by the
 * replicas there may be ({@code payroute.worker.expected-replicas}).
 */
@ApplicationScoped
public class RateLimits {

    private static final LuaScript BUCKET = LuaScript.load("rate_limit.lua");

    /** A local token bucket (the fallback). */
    private static final class Bucket {
        private double tokens;
        private long at = System.nanoTime();

        synchronized boolean take(double rate) {
            long now = System.nanoTime();
            tokens = Math.min(rate, tokens + (now - at) / 1e9 * rate);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }

    private final ReactiveRedisDataSource redis;
    private final int replicas;
    private final Map<String, Bucket> local = new ConcurrentHashMap<>();

    RateLimits(ReactiveRedisDataSource redis, SecurityConfig config) {
        this.redis = redis;
        this.replicas = Math.max(1, config.admission().expectedReplicas());
    }

    /** Whether the merchant may send one more request now (no limit: always). */
    public Uni<Boolean> allows(String merchantId, Integer perSecond) {
        if (perSecond == null) {
            return Uni.createFrom().item(true);
        }
        return BUCKET.run(redis, List.of("{payroute}:rate:" + merchantId), List.of(Integer.toString(perSecond)))
                .ifNoItem().after(java.time.Duration.ofMillis(500)).fail()
                .map(answer -> answer.toInteger() == 1)
                .onFailure().recoverWithItem(() -> local.computeIfAbsent(merchantId, m -> new Bucket())
                        .take(Math.max(1.0, (double) perSecond / replicas)));
    }
}
