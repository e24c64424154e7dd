package com.payroute.api;

import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * The merchant API's request timings get a histogram (http_server_requests_seconds_bucket), so the
 * dashboard can show the accept p99 across replicas; the admin API keeps plain timers (fewer series).
 */
@Singleton
public class RequestTimings {

    @Produces
    @Singleton
    MeterFilter merchantApiHistogram() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                String uri = id.getTag("uri");
                if (!"http.server.requests".equals(id.getName()) || uri == null || !uri.startsWith("/v1/")) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                        .maximumExpectedValue((double) Duration.ofSeconds(35).toNanos())
                        .build().merge(config);
            }
        };
    }
}
