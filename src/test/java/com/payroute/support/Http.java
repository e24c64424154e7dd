package com.payroute.support;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** RestAssured aimed at the test application, usable from @BeforeAll too (before Quarkus sets RestAssured's port). */
public final class Http {

    private Http() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().port(ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class));
    }
}
