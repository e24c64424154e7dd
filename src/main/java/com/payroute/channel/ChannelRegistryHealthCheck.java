package com.payroute.channel;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: the channel configuration has been loaded (without it every payment would be NO_ROUTE). */
@Readiness
@ApplicationScoped
public class ChannelRegistryHealthCheck implements HealthCheck {

    private final ChannelRegistry registry;

    ChannelRegistryHealthCheck(ChannelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("channel configuration").status(registry.isLoaded())
                .withData("channels", registry.all().size()).build();
    }
}
