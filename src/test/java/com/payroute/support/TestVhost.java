package com.payroute.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * With locally running services, each test run gets a RabbitMQ vhost of its own, recreated
 * empty, so the queues of channels that existed for one test do not pile up in the broker from
 * run to run. With Dev Services (no rabbitmqctl) the container is fresh anyway: nothing to do.
 */
public class TestVhost implements QuarkusTestResourceLifecycleManager {

    static final String VHOST = "payroute-test";

    @Override
    public Map<String, String> start() {
        if (!LocalServices.available()) {
            return Map.of();
        }
        LocalServices.freshVhost(VHOST);
        return Map.of("rabbitmq-virtual-host", VHOST);
    }

    @Override
    public void stop() {
        // left in place for inspection after a failed run; the next run recreates it
    }
}
