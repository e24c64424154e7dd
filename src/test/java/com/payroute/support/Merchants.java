package com.payroute.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.restassured.path.json.JsonPath;

/**
 * Business lines created for one test, as an admin creates them (API.md section 3): a merchant with a
 * fresh API key, optionally an IP allowlist; its notify secret as answered once.
 */
@ApplicationScoped
public class Merchants {

    public record Created(String id, String apiKey, String notifySecret) {
    }

    /** A merchant whose PAYOUTs at or above {@code payoutReviewLimit} wait for a review. */
    public Created withReviewLimit(String prefix, String payoutReviewLimit) {
        return createWith(prefix, Map.of("payoutReviewLimit", payoutReviewLimit));
    }

    public Created create(String prefix, List<String> ipAllowlist) {
        return createWith(prefix, ipAllowlist == null ? Map.of() : Map.of("ipAllowlist", ipAllowlist));
    }

    /** A merchant with these settings beside its id and name. */
    public Created createWith(String prefix, Map<String, Object> settings) {
        String id = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        Map<String, Object> body = new LinkedHashMap<>(settings);
        body.put("id", id);
        body.put("name", "Business line " + id);
        JsonPath merchant = Ops.admin().contentType("application/json").body(body).post("/admin/merchants").then().statusCode(201)
                .extract().jsonPath();
        String key = Ops.admin().contentType("application/json").body(Map.of("label", "test")).post("/admin/merchants/" + id + "/keys")
                .then().statusCode(201).extract().path("key");
        return new Created(id, key, merchant.getString("notifySecret"));
    }
}
