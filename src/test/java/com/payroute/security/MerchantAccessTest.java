package com.payroute.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.payroute.support.Http;
import com.payroute.support.Merchants;
import com.payroute.support.Payments;

import io.quarkus.test.junit.QuarkusTest;

/** A merchant's IP allowlist: 403 IP_NOT_ALLOWED from elsewhere, counted in a metric. */
@QuarkusTest
class MerchantAccessTest {

    @Inject
    Merchants merchants;

    @Test
    void callsFromOutsideTheAllowlistAreRefusedAndCounted() {
        Merchants.Created fenced = merchants.create("m_fenced", List.of("10.0.0.0/8"));
        Merchants.Created local = merchants.create("m_local", List.of("127.0.0.1", "::1"));
        Payments.create(Payments.body(Payments.orderNo("IP"), "1.00", "CNY", "ICBC"), fenced.apiKey()).then().statusCode(403)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("IP_NOT_ALLOWED"));
        Http.given().header("Authorization", "Bearer " + fenced.apiKey()).get("/v1/payments/pay_x").then().statusCode(403)
                .body("code", equalTo("IP_NOT_ALLOWED"));
        Payments.create(Payments.body(Payments.orderNo("IP"), "1.00", "CNY", "ICBC"), local.apiKey()).then().statusCode(202);
        Http.given().get("/q/metrics").then().statusCode(200)
                .body(containsString("payroute_security_ip_rejected_total{merchant=\"" + fenced.id() + "\"}"));
    }
}
