package com.payroute.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: every RabbitMQ link (publisher, consumers) is connected. PostgreSQL and Redis have checks of their own. */
@Readiness
@ApplicationScoped
public class BrokerHealthCheck implements HealthCheck {

    /** Something holding a broker link, for the health check to ask. */
    public interface Linked {
        String linkName();

        boolean isConnected();
    }

    private final Instance<Linked> links;

    BrokerHealthCheck(Instance<Linked> links) {
        this.links = links;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("RabbitMQ links");
        List<String> down = new ArrayList<>();
        for (Linked link : links) {
            response.withData(link.linkName(), link.isConnected() ? "connected" : "disconnected");
            if (!link.isConnected()) {
                down.add(link.linkName());
            }
        }
        return response.status(down.isEmpty()).build();
    }
}
