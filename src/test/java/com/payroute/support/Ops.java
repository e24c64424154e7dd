package com.payroute.support;

import static com.payroute.support.Http.given;

import io.restassured.specification.RequestSpecification;

/** The ops API as the seeded tokens see it. */
public final class Ops {

    public static final String OPS_TOKEN = "ops-token";
    public static final String VIEWER_TOKEN = "viewer-token";
    /** A second person with the ops role, for two-person reviews. */
    public static final String OPS2_TOKEN = "ops2-token";
    public static final String ADMIN_TOKEN = "admin-token";

    private Ops() {
    }

    public static RequestSpecification ops() {
        return given().header("Authorization", "Bearer " + OPS_TOKEN);
    }

    public static RequestSpecification ops2() {
        return given().header("Authorization", "Bearer " + OPS2_TOKEN);
    }

    public static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    /** Approves a review as two people other than ops-token (who asked for the changes tests make): it takes effect. */
    public static io.restassured.path.json.JsonPath approveTwice(String reviewId) {
        ops2().contentType("application/json").body(java.util.Map.of("note", "checked")).post("/admin/reviews/" + reviewId + "/approve")
                .then().statusCode(200);
        return admin().contentType("application/json").body(java.util.Map.of("note", "checked too"))
                .post("/admin/reviews/" + reviewId + "/approve").then().statusCode(200).extract().jsonPath();
    }

    public static RequestSpecification viewer() {
        return given().header("Authorization", "Bearer " + VIEWER_TOKEN);
    }
}
