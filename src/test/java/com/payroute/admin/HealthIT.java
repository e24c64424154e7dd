package com.payroute.admin;

import static com.payroute.support.Http.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.payroute.support.LocalServices;

import io.quarkus.test.junit.QuarkusTest;

/** Readiness reflects PostgreSQL, Redis and RabbitMQ: Redis stopped, readiness DOWN; Redis back, UP again. */
@QuarkusTest
class HealthIT {

    @Test
    void readinessFollowsRedis() throws Exception {
        assumeTrue(LocalServices.available(), "needs the locally running Redis to stop and start it");
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("RabbitMQ links"))
                .body("checks.name", hasItem("channel configuration")));
        try {
            LocalServices.run("redis-cli", "shutdown", "nosave");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                    .body("status", equalTo("DOWN")));
        } finally {
            if (LocalServices.run("redis-cli", "ping") != 0) {
                LocalServices.restartRedis(0);
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP")));
    }
}
