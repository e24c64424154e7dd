package com.payroute.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: DOWN, saying why, while the broker's vhost belongs to another installation. */
@Readiness
@ApplicationScoped
public class FenceHealthCheck implements HealthCheck {

    private final InstallationFence fence;

    FenceHealthCheck(InstallationFence fence) {
        this.fence = fence;
    }

    @Override
    public HealthCheckResponse call() {
        String refusal = fence.refusal();
        var response = HealthCheckResponse.named("installation fence").status(refusal == null);
        if (fence.installationId() != null) {
            response.withData("installation", fence.installationId());
        }
        return refusal == null ? response.build() : response.withData("refused", refusal).build();
    }
}
