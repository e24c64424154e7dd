package com.payroute.onboarding;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.payroute.support.Http;
import com.payroute.support.Ops;
import com.payroute.support.Payments;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Onboarding by API (API.md section 3): only admins manage merchants, keys and ops tokens; secrets are
 * answered once and never stored in clear; several keys may be active; a revoked key or token stops
 * working on every replica within seconds; every change is audited.
 */
@QuarkusTest
class OnboardingTest {

    @Inject
    Pool pool;

    @Test
    void anAdminOnboardsAMerchantWhoseKeysWorkUntilRevoked() {
        String id = "m_onb_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> merchant = Map.of("id", id, "name", "Payroll", "rateLimitPerSecond", 500, "duplicateWindow", "PT2H",
                "payoutReviewLimit", "50000.00");
        Ops.ops().contentType("application/json").body(merchant).post("/admin/merchants").then().statusCode(403);
        Ops.viewer().get("/admin/merchants/m_demo").then().statusCode(403);
        JsonPath created = Ops.admin().contentType("application/json").body(merchant).post("/admin/merchants").then().statusCode(201)
                .body("duplicateWindow", equalTo("PT2H")).body("payoutReviewLimit", equalTo("50000")).extract().jsonPath();
        assertTrue(created.getString("notifySecret").startsWith("whsec_"), "the notify secret, answered once");
        Ops.admin().get("/admin/merchants/" + id).then().statusCode(200).body("$", not(hasKey("notifySecret")));
        Ops.admin().contentType("application/json").body(merchant).post("/admin/merchants").then().statusCode(409);

        String first = key(id, "first");
        String second = key(id, "second");
        pay(first).then().statusCode(202);
        pay(second).then().statusCode(202);
        List<Map<String, Object>> keys = Ops.admin().get("/admin/merchants/" + id + "/keys").then().statusCode(200).extract().jsonPath()
                .getList("$");
        assertEquals(2, keys.size());
        assertTrue(keys.stream().noneMatch(k -> k.containsKey("key")), "keys are answered once, never listed");
        await().atMost(Duration.ofSeconds(90)).until(() -> Ops.admin().get("/admin/merchants/" + id + "/keys").then().extract()
                .jsonPath().getList("lastUsedAt").stream().allMatch(at -> at != null));

        String firstId = (String) keys.get(0).get("keyId");
        Ops.admin().delete("/admin/merchants/" + id + "/keys/" + firstId).then().statusCode(204);
        pay(first).then().statusCode(401);
        pay(second).then().statusCode(202);
        Ops.admin().delete("/admin/merchants/" + id + "/keys/" + firstId).then().statusCode(404);

        Ops.admin().contentType("application/json").body(Map.of("ipAllowlist", List.of("198.51.100.0/24"))).patch("/admin/merchants/" + id)
                .then().statusCode(200).body("ipAllowlist[0]", equalTo("198.51.100.0/24"));
        pay(second).then().statusCode(403).body("code", equalTo("IP_NOT_ALLOWED"));
        Ops.admin().contentType("application/json").body(Map.of("ipAllowlist", List.of())).patch("/admin/merchants/" + id).then().statusCode(200);
        pay(second).then().statusCode(202);

        List<String> actions = Ops.viewer().queryParam("target", "merchant:" + id).get("/admin/audit").then().statusCode(200)
                .extract().jsonPath().getList("action");
        assertTrue(actions.containsAll(List.of("MERCHANT_CREATED", "API_KEY_CREATED", "API_KEY_REVOKED", "MERCHANT_UPDATED")), actions.toString());
        assertEquals(0L, pool.preparedQuery("select count(*) from merchant where id = $1 and notify_secret is not null")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(id)).await().indefinitely().iterator().next().getLong(0), "never in clear");
    }

    @Test
    void opsTokensNameAPersonAndARevokedOneStopsAtOnce() {
        JsonPath created = Ops.admin().contentType("application/json").body(Map.of("name", "Wang Fang", "role", "viewer"))
                .post("/admin/ops-tokens").then().statusCode(201).body("role", equalTo("viewer")).extract().jsonPath();
        String token = created.getString("token");
        assertNotNull(token);
        Http.given().header("Authorization", "Bearer " + token).get("/admin/channels").then().statusCode(200);
        Http.given().header("Authorization", "Bearer " + token).contentType("application/json").body(Map.of("weight", 1))
                .patch("/admin/channels/sim-01").then().statusCode(403);
        Ops.ops().contentType("application/json").body(Map.of("name", "x", "role", "admin")).post("/admin/ops-tokens").then().statusCode(403);
        Ops.admin().contentType("application/json").body(Map.of("name", "", "role", "root")).post("/admin/ops-tokens").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("name", "role"));
        assertTrue(Ops.admin().get("/admin/ops-tokens").then().statusCode(200).extract().jsonPath().getList("name").contains("Wang Fang"));
        Ops.admin().delete("/admin/ops-tokens/" + created.getString("id")).then().statusCode(204);
        Http.given().header("Authorization", "Bearer " + token).get("/admin/channels").then().statusCode(401);
        assertEquals("OPS_TOKEN_REVOKED", Ops.viewer().queryParam("target", "ops-token:" + created.getString("id")).get("/admin/audit")
                .then().extract().path("[0].action"));
    }

    private static String key(String merchantId, String label) {
        JsonPath key = Ops.admin().contentType("application/json").body(Map.of("label", label))
                .post("/admin/merchants/" + merchantId + "/keys").then().statusCode(201).extract().jsonPath();
        assertTrue(key.getString("key").startsWith("pk_"));
        assertTrue(key.getString("keyId").startsWith("key_"));
        return key.getString("key");
    }

    private static io.restassured.response.Response pay(String key) {
        return Payments.create(Payments.body(Payments.orderNo("ONB"), "1.00", "CNY", "ICBC"), key);
    }
}
