package com.payroute.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: every RabbitMQ link (publisher, consumers) is connected. PostgreSQL and Redis have checks of their own. */
@Readiness
@ApplicationScoped
public class BrokerHealthCheck implements HealthCheck {

    private final MessagePublisher publisher;
    private final ConsumerLinks links;

    BrokerHealthCheck(MessagePublisher publisher, ConsumerLinks links) {
        this.publisher = publisher;
        this.links = links;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("RabbitMQ links");
        boolean up = publisher.isConnected();
        response.withData("publisher", up ? "connected" : "disconnected");
        for (QueueConsumers consumers : links.all()) {
            if (!consumers.isStarted()) {
                continue; // an API-only replica does not consume
            }
            boolean connected = consumers.isConnected();
            response.withData(consumers.name() + " consumers", connected ? "connected" : "disconnected");
            up &= connected;
        }
        return response.status(up).build();
    }
}
