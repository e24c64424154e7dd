package com.payroute.security;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.api.ApiException;
import com.payroute.api.ErrorCode;
import com.payroute.api.Problem;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Admission control (DESIGN.md incident 5: stacked retries became a storm): a merchant over its rate
 * gets 429 RATE_LIMITED with Retry-After and nothing is stored; a replica with too many accepts in
 * flight, or too many callers held by {@code Prefer: wait}, answers 503 OVERLOADED at once instead of
 * queueing them until their timeouts.
 */
@ApplicationScoped
public class Admission {

    private final RateLimits rates;
    private final SecurityConfig.Admission config;
    private final AtomicInteger accepting = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final MeterRegistry meters;

    Admission(RateLimits rates, SecurityConfig config, MeterRegistry meters) {
        this.rates = rates;
        this.config = config.admission();
        this.meters = meters;
        meters.gauge("payroute.admission.accepting", accepting);
        meters.gauge("payroute.admission.waiting", waiting);
        for (String reason : new String[] { "rate_limited", "overloaded" }) {
            meters.counter("payroute.admission.refused", "reason", reason); // exposed from the start, for the dashboard
        }
    }

    /** Runs an accept of the request's merchant if it is admitted; {@code waits}: it will hold the caller (Prefer: wait). */
    public <T> Uni<T> admit(SecurityIdentity merchant, boolean waits, Supplier<Uni<T>> accept) {
        Integer perSecond = merchant.getAttribute(CredentialIdentityProvider.RATE_LIMIT_ATTRIBUTE);
        String merchantId = merchant.getPrincipal().getName();
        return rates.allows(merchantId, perSecond).chain(allowed -> {
            if (!allowed) {
                meters.counter("payroute.admission.refused", "reason", "rate_limited").increment();
                return Uni.createFrom().failure(new ApiException(Problem.of(ErrorCode.RATE_LIMITED,
                        "merchant " + merchantId + " is over its rate of " + perSecond + " requests per second; nothing was stored"), 1));
            }
            if (accepting.incrementAndGet() > config.maxAcceptsInFlight()) {
                accepting.decrementAndGet();
                return overloaded("too many requests in flight");
            }
            if (waits && waiting.incrementAndGet() > config.maxWaiters()) {
                waiting.decrementAndGet();
                accepting.decrementAndGet();
                return overloaded("too many callers waiting");
            }
            return Uni.createFrom().<T>deferred(accept::get).onTermination().invoke(() -> {
                accepting.decrementAndGet();
                if (waits) {
                    waiting.decrementAndGet();
                }
            });
        });
    }

    private <T> Uni<T> overloaded(String why) {
        meters.counter("payroute.admission.refused", "reason", "overloaded").increment();
        return Uni.createFrom().failure(new ApiException(Problem.of(ErrorCode.OVERLOADED, why + "; nothing was stored, send it again shortly"), 1));
    }

    /** For tests and gauges: accepts in flight on this replica. */
    public int accepting() {
        return accepting.get();
    }
}
