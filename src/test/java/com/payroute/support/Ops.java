package com.payroute.support;

import static com.payroute.support.Http.given;

import io.restassured.specification.RequestSpecification;

/** The ops API as the seeded tokens see it. */
public final class Ops {

    public static final String OPS_TOKEN = "ops-token";
    public static final String VIEWER_TOKEN = "viewer-token";

    private Ops() {
    }

    public static RequestSpecification ops() {
        return given().header("Authorization", "Bearer " + OPS_TOKEN);
    }

    public static RequestSpecification viewer() {
        return given().header("Authorization", "Bearer " + VIEWER_TOKEN);
    }
}
