package com.payroute.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.security")
public interface SecurityConfig {

    /**
     * SHA-256 (hex) of the first admin token of a new installation: on start, an admin ops token with
     * this hash exists (the token itself is never configured). Everything else is then done by API.
     */
    Optional<String> bootstrapAdminTokenSha256();

    /** Where payroute may send requests whose address a merchant or ops supplied (API.md section 1). */
    Urls urls();

    /** Admission control: what a caller may ask for before payroute sheds it. */
    Admission admission();

    interface Urls {
        /** Plain http is accepted (dev and test: local receivers); otherwise https only. */
        @WithDefault("false")
        boolean allowHttp();

        /**
         * Addresses or CIDR blocks that may be reached although they are loopback, private, link-local,
         * unique-local, multicast or unspecified. Empty in prod: nothing inside.
         */
        Optional<List<String>> allowlist();
    }

    interface Admission {
        /** Accepts (payments, refunds, batches) in flight at once on a replica; more answer 503 OVERLOADED at once. */
        @WithDefault("512")
        int maxAcceptsInFlight();

        /** Callers held by {@code Prefer: wait} at once on a replica; more answer 503 OVERLOADED at once (nothing stored). */
        @WithDefault("2000")
        int maxWaiters();

        /** Replicas sharing a merchant's rate while Redis does not answer (each then allows rate / replicas locally). */
        @WithDefault("${payroute.worker.expected-replicas:1}")
        int expectedReplicas();

        /** Look-ups of unknown bearer tokens per source address and second; more answer 401 without a look-up. */
        @WithDefault("20")
        int unknownTokensPerSecond();
    }
}
