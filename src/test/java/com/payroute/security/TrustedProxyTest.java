package com.payroute.security;

import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.payroute.support.Http;
import com.payroute.support.Merchants;
import com.payroute.support.Payments;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Forwarded headers count only from the configured proxies (as k8s/configmap.yaml sets them): anyone
 * else's X-Forwarded-For is ignored, so it cannot walk past a merchant's IP allowlist.
 */
@QuarkusTest
class TrustedProxyTest {

    @Inject
    Merchants merchants;

    @Test
    void aForgedForwardedForFromAnUntrustedPeerIsIgnored() {
        Merchants.Created outside = merchants.create("fwd", List.of("198.51.100.7"));
        Http.given().header("Authorization", "Bearer " + outside.apiKey()).header("X-Forwarded-For", "198.51.100.7")
                .contentType("application/json").body(Payments.body(Payments.orderNo("FWD"), "1.00", "CNY", "ICBC"))
                .post("/v1/payments").then().statusCode(403).body("code", equalTo("IP_NOT_ALLOWED"));
        Merchants.Created local = merchants.create("fwd-local", List.of("127.0.0.1"));
        Http.given().header("Authorization", "Bearer " + local.apiKey()).header("X-Forwarded-For", "203.0.113.99")
                .contentType("application/json").body(Payments.body(Payments.orderNo("FWD"), "1.00", "CNY", "ICBC"))
                .post("/v1/payments").then().statusCode(202);
    }
}
