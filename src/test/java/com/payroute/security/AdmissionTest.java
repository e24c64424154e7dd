package com.payroute.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.payroute.api.ApiException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * The replica-wide caps: past {@code max-accepts-in-flight} accepts, or {@code max-waiters} callers
 * held by {@code Prefer: wait}, a request is answered 503 OVERLOADED at once and its accept never runs;
 * a finished accept frees its place.
 */
class AdmissionTest {

    private final Admission admission = new Admission(new RateLimits(null, config(2, 1)), config(2, 1), new SimpleMeterRegistry());
    private final SecurityIdentity merchant = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("m_cap")).build();
    private final List<UniEmitter<? super String>> held = new ArrayList<>();

    @Test
    void pastTheCapsARequestIsOverloadedAtOnceAndItsAcceptNeverRuns() {
        AtomicReference<Throwable> third = new AtomicReference<>();
        admission.admit(merchant, true, this::hold).subscribe().with(done -> { });
        admission.admit(merchant, true, this::refuseToRun).subscribe().with(done -> { }, third::set);
        assertOverloaded(third.get(), "a second caller waiting is over max-waiters 1");

        admission.admit(merchant, false, this::hold).subscribe().with(done -> { });
        AtomicReference<Throwable> fourth = new AtomicReference<>();
        admission.admit(merchant, false, this::refuseToRun).subscribe().with(done -> { }, fourth::set);
        assertOverloaded(fourth.get(), "a third accept in flight is over max-accepts-in-flight 2");
        assertEquals(2, admission.accepting());

        held.get(0).complete("done");
        AtomicReference<String> fifth = new AtomicReference<>();
        admission.admit(merchant, true, () -> Uni.createFrom().item("ran")).subscribe().with(fifth::set);
        assertEquals("ran", fifth.get(), "a finished accept frees its place, and its waiter's");
        assertEquals(1, admission.accepting());
    }

    private Uni<String> hold() {
        return Uni.createFrom().emitter(held::add);
    }

    private Uni<String> refuseToRun() {
        throw new AssertionError("an overloaded request's accept must not run");
    }

    private static void assertOverloaded(Throwable failure, String why) {
        assertTrue(failure instanceof ApiException, why + ": " + failure);
        ApiException refused = (ApiException) failure;
        assertEquals("OVERLOADED", refused.problem().code(), why);
        assertEquals(503, refused.problem().status(), why);
        assertEquals(Integer.valueOf(1), refused.retryAfterSeconds(), why);
    }

    private static SecurityConfig config(int inFlight, int waiters) {
        SecurityConfig.Admission admission = new SecurityConfig.Admission() {
            @Override
            public int maxAcceptsInFlight() {
                return inFlight;
            }

            @Override
            public int maxWaiters() {
                return waiters;
            }

            @Override
            public int expectedReplicas() {
                return 1;
            }

            @Override
            public int unknownTokensPerSecond() {
                return 20;
            }
        };
        return new SecurityConfig() {
            @Override
            public Optional<String> bootstrapAdminTokenSha256() {
                return Optional.empty();
            }

            @Override
            public Urls urls() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Admission admission() {
                return admission;
            }
        };
    }
}
