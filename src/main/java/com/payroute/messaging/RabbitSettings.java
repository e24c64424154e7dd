package com.payroute.messaging;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.rabbitmq.RabbitMQOptions;

/**
 * Broker address and credentials, read from the same keys the RabbitMQ messaging extension
 * uses ({@code rabbitmq-host}, ...), so Dev Services and Kubernetes configure both alike.
 */
@Singleton
public class RabbitSettings {

    @ConfigProperty(name = "rabbitmq-host", defaultValue = "localhost")
    String host;
    @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672")
    int port;
    @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest")
    String username;
    @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest")
    String password;
    @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/")
    String virtualHost;

    private final MessagingConfig config;

    RabbitSettings(MessagingConfig config) {
        this.config = config;
    }

    MessagingConfig config() {
        return config;
    }

    RabbitMQOptions options(String connectionName) {
        return new RabbitMQOptions()
                .setHost(host)
                .setPort(port)
                .setUser(username)
                .setPassword(password)
                .setVirtualHost(virtualHost)
                .setConnectionName(connectionName)
                .setConnectionTimeout(5000)
                .setHandshakeTimeout(5000)
                .setRequestedHeartbeat(config.heartbeatSeconds())
                // Reconnection is RabbitLink's job: the client's own restart loop neither restores
                // prefetch nor tells us that earlier delivery tags became invalid.
                .setAutomaticRecoveryEnabled(false)
                .setReconnectAttempts(0);
    }
}
