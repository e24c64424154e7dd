package com.payroute.onboarding;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.payroute.support.CallbackReceiver;
import com.payroute.support.LocalServices;
import com.payroute.support.Payments;
import com.payroute.support.PayrouteProcess;
import com.payroute.support.SeparateInstance;
import com.payroute.support.Sim;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A production installation from nothing, by API only: the prod build on an empty database (no
 * simulator, no seeds, health and metrics on the management port only), given
 * just the SHA-256 of a first admin token, creates two ops people, a channel (reviewed by both), a
 * business line and its key; that key's payment completes on the channel and the business line gets
 * its signed callback. No SQL is run against the installation, and every change is in its audit log.
 */
@QuarkusTest
class ProdOnboardingIT {

    @Inject
    Vertx vertx;
    @Inject
    Pool pool;

    @Test
    void aFreshInstallationIsSetUpByApiAlone() throws Exception {
        assumeTrue(LocalServices.available(), "needs rabbitmqctl and redis-cli of locally running services");
        assumeTrue(PayrouteProcess.packaged(), "needs the packaged application (mvn verify)");
        String bootstrap = "adm_" + UUID.randomUUID();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bootstrap.getBytes(StandardCharsets.UTF_8)));
        try (SeparateInstance instance = new SeparateInstance(vertx, pool, "onboard", 5)) {
            Map<String, String> config = new java.util.LinkedHashMap<>(instance.processConfig());
            config.put("payroute.security.bootstrap-admin-token-sha256", hash);
            try (PayrouteProcess prod = new PayrouteProcess("onboard", 8094, config); CallbackReceiver receiver = CallbackReceiver.answering(200)) {
                prod.start().awaitReady(Duration.ofSeconds(60));
                String url = prod.url();

                theBuildHasNoSimulatorNoSeedsAndAPrivateManagementPort(prod);
                as(url, bootstrap).get("/admin/merchants/m_demo").then().statusCode(404); // empty: no seeds
                String alice = token(url, bootstrap, "Alice Ops", "ops");
                String bob = token(url, bootstrap, "Bob Ops", "ops");
                String viewer = token(url, bootstrap, "Vera Viewer", "viewer");
                as(url, alice).get("/admin/ops-tokens").then().statusCode(403); // only admin manages people
                as(url, viewer).contentType("application/json").body(Map.of("weight", 1)).patch("/admin/channels/x").then().statusCode(403);

                String channel = "onboard-" + UUID.randomUUID().toString().substring(0, 6);
                String simulator = ConfigProvider.getConfig().getValue("payroute.simulator.base-url", String.class);
                String review = as(url, bootstrap).contentType("application/json").body(Map.ofEntries(Map.entry("code", channel),
                        Map.entry("name", "Channel " + channel), Map.entry("baseUrl", simulator + "/" + channel), Map.entry("weight", 100),
                        Map.entry("types", List.of("DEBIT", "PAYOUT")), Map.entry("currencies", List.of("CNY")), Map.entry("banks", List.of()),
                        Map.entry("minAmount", "0.01"), Map.entry("maxAmount", "100000.00"), Map.entry("maxConcurrency", 5),
                        Map.entry("timeoutMs", 2000)))
                        .post("/admin/channels").then().statusCode(202).extract().path("id");
                as(url, bootstrap).contentType("application/json").body(Map.of("note", "mine")).post("/admin/reviews/" + review + "/approve")
                        .then().statusCode(409); // never by the one who asked
                as(url, alice).contentType("application/json").body(Map.of("note", "checked the contract"))
                        .post("/admin/reviews/" + review + "/approve").then().statusCode(200);
                as(url, bob).contentType("application/json").body(Map.of("note", "checked the address"))
                        .post("/admin/reviews/" + review + "/approve").then().statusCode(200).body("status", equalTo("APPROVED"));

                JsonPath merchant = as(url, bootstrap).contentType("application/json")
                        .body(Map.of("id", "m_lending", "name", "Lending", "rateLimitPerSecond", 100)).post("/admin/merchants")
                        .then().statusCode(201).extract().jsonPath();
                String notifySecret = merchant.getString("notifySecret");
                assertTrue(notifySecret != null && notifySecret.length() >= 32, "the notify secret, answered once");
                as(url, bootstrap).get("/admin/merchants/m_lending").then().statusCode(200)
                        .body("notifySecret", equalTo(null)); // never again
                String key = as(url, bootstrap).contentType("application/json").body(Map.of("label", "lending prod"))
                        .post("/admin/merchants/m_lending/keys").then().statusCode(201).extract().path("key");

                Map<String, Object> body = Payments.with(Payments.body(Payments.orderNo("ONBOARD"), "12.34", "CNY", "ICBC"),
                        "notifyUrl", receiver.url() + "/notify");
                Response paid = prod.asMerchant(key).header("Prefer", "wait=20").body(body).post("/v1/payments");
                paid.then().statusCode(202).body("status", equalTo("SUCCEEDED"));
                String paymentId = paid.jsonPath().getString("id");
                assertEquals(List.of(channel), Sim.takenBy(paymentId));
                // a merchant created a moment ago: its callback queue is consumed within a second, not at the next refresh
                await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received(paymentId).isEmpty());
                CallbackReceiver.Received callback = receiver.received(paymentId).get(0);
                assertTrue(signedBy(callback, notifySecret), "signed with the secret answered at creation: " + callback.signature());

                List<String> actions = as(url, viewer).queryParam("limit", 100).get("/admin/audit").then().statusCode(200)
                        .extract().jsonPath().getList("action");
                for (String action : List.of("OPS_TOKEN_CREATED", "MERCHANT_CREATED", "API_KEY_CREATED", "REVIEW_REQUESTED", "CHANNEL_CREATED")) {
                    assertTrue(actions.contains(action), action + " audited: " + actions);
                }
            }
        }
    }

    /** No simulator endpoint, no dev/test seed, and health, metrics and the OpenAPI document only on the management port. */
    private static void theBuildHasNoSimulatorNoSeedsAndAPrivateManagementPort(PayrouteProcess prod) {
        for (String path : new String[] { "/sim/ledger", "/sim/channels/sim-01", "/sim/channels/sim-01/orders/x" }) {
            given().baseUri(prod.url()).get(path).then().statusCode(404);
        }
        given().baseUri(prod.url()).contentType("application/json").body(Map.of("down", true)).put("/sim/channels/sim-01/behaviour")
                .then().statusCode(404);
        given().baseUri(prod.url()).post("/sim/reset").then().statusCode(404);
        prod.asMerchant(Payments.DEMO_KEY).body(Payments.body(Payments.orderNo("PROD"), "1.00", "CNY", "ICBC")).post("/v1/payments")
                .then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        for (String seeded : List.of("ops-token", "admin-token", "viewer-token")) {
            as(prod.url(), seeded).get("/admin/channels").then().statusCode(401);
        }
        for (String path : new String[] { "/q/health/ready", "/q/metrics", "/q/openapi" }) {
            given().baseUri(prod.url()).get(path).then().statusCode(not(200));
        }
        given().baseUri(prod.managementUrl()).get("/q/health/ready").then().statusCode(200).body(not(containsString("simulator")));
        given().baseUri(prod.managementUrl()).get("/q/metrics").then().statusCode(200);
    }

    private static RequestSpecification as(String url, String token) {
        return given().baseUri(url).header("Authorization", "Bearer " + token);
    }

    private static String token(String url, String admin, String name, String role) {
        return as(url, admin).contentType("application/json").body(Map.of("name", name, "role", role)).post("/admin/ops-tokens")
                .then().statusCode(201).body("role", equalTo(role)).extract().path("token");
    }

    private static boolean signedBy(CallbackReceiver.Received received, String secret) throws Exception {
        String[] parts = received.signature().split(",");
        long t = Long.parseLong(parts[0].substring(2));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal((t + "." + received.body()).getBytes(StandardCharsets.UTF_8)));
        return List.of(parts).contains(expected);
    }
}
