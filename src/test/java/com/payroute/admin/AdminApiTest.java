package com.payroute.admin;

import static com.payroute.support.Http.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.support.Ops;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;

/** API.md section 3: every ops endpoint's authentication and roles, and the audit of every change. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {

    private static final String CURRENCY = "CZK";

    @Inject
    TestChannels channels;
    @Inject
    Pool pool;

    String channel;

    @BeforeAll
    void channel() {
        channels.claimCurrency(CURRENCY);
        channel = channels.create(channels.uniqueCode("admin"), CURRENCY, 100, 10, 2000);
    }

    private record Call(String name, String method, String path, Object body, boolean change) {
    }

    private List<Call> endpoints() {
        String fresh = channels.uniqueCode("new");
        return List.of(
                new Call("list channels", "GET", "/admin/channels", null, false),
                new Call("one channel", "GET", "/admin/channels/" + channel, null, false),
                new Call("change a channel", "PATCH", "/admin/channels/" + channel, Map.of("weight", 90), true),
                new Call("add a channel", "POST", "/admin/channels", newChannel(fresh, CURRENCY), true),
                new Call("search payments", "GET", "/admin/payments", null, false),
                new Call("read the audit log", "GET", "/admin/audit", null, false),
                new Call("list notifications", "GET", "/admin/notifications", null, false));
    }

    static Map<String, Object> newChannel(String code, String currency) {
        return Map.ofEntries(Map.entry("code", code), Map.entry("name", "Channel " + code),
                Map.entry("baseUrl", org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("payroute.simulator.base-url", String.class) + "/" + code),
                Map.entry("weight", 100), Map.entry("types", List.of("DEBIT", "PAYOUT")), Map.entry("currencies", List.of(currency)),
                Map.entry("banks", List.of()), Map.entry("minAmount", "0.01"), Map.entry("maxAmount", "100000.00"),
                Map.entry("maxConcurrency", 10), Map.entry("timeoutMs", 2000));
    }

    private static Response send(RequestSpecification spec, Call call) {
        if (call.body() != null) {
            spec = spec.contentType("application/json").body(call.body());
        }
        return spec.request(call.method(), call.path());
    }

    @Test
    void everyEndpointNeedsAnOpsTokenAndChangesNeedTheOpsRole() {
        for (Call call : endpoints()) {
            send(given(), call).then().statusCode(401).contentType(startsWith("application/problem+json"))
                    .body("code", equalTo("UNAUTHENTICATED"));
            send(given().header("Authorization", "Bearer not-a-token"), call).then().statusCode(401);
            send(given().header("Authorization", "Bearer " + Payments.DEMO_KEY), call).then().statusCode(401);
            if (call.change()) {
                send(Ops.viewer(), call).then().statusCode(403).contentType(startsWith("application/problem+json"))
                        .body("code", equalTo("FORBIDDEN"));
            } else {
                send(Ops.viewer(), call).then().statusCode(200);
            }
            // adding a channel waits for a two-person review: 202 with the review
            send(Ops.ops(), call).then().statusCode(call.method().equals("POST") ? 202 : 200);
        }
        // and an ops token is no merchant key
        given().header("Authorization", "Bearer " + Ops.OPS_TOKEN).contentType("application/json")
                .body(Payments.body(Payments.orderNo("OPS"), "1.00", "CNY", "ICBC")).post("/v1/payments").then().statusCode(401);
    }

    @Test
    void eachChangeIsAuditedOnceWithBeforeAndAfter() {
        long before = auditCount();
        JsonPath changed = Ops.ops().contentType("application/json").body(Map.of("weight", 37, "timeoutMs", 1500))
                .patch("/admin/channels/" + channel).then().statusCode(200).extract().jsonPath();
        assertEquals(37, changed.getInt("weight"));
        assertEquals(1500, changed.getInt("timeoutMs"));

        JsonPath audit = Ops.viewer().queryParam("target", "channel:" + channel).get("/admin/audit").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("CHANNEL_UPDATED", audit.getString("[0].action"));
        assertEquals("ops (dev seed)", audit.getString("[0].actor"));
        assertEquals(37, audit.getInt("[0].after.weight"));
        assertEquals(1500, audit.getInt("[0].after.timeoutMs"));
        assertTrue(audit.getInt("[0].before.weight") != 37);
        assertEquals(before + 1, auditCount(), "exactly one audit row for one change");

        String fresh = channels.uniqueCode("added");
        String review = Ops.ops().contentType("application/json").body(newChannel(fresh, CURRENCY)).post("/admin/channels").then()
                .statusCode(202).header("Location", org.hamcrest.Matchers.containsString("/admin/reviews/"))
                .body("kind", equalTo("CHANNEL_CHANGE")).body("target", equalTo("channel:" + fresh)).extract().path("id");
        Ops.viewer().get("/admin/channels/" + fresh).then().statusCode(404); // not before two people approved
        Ops.approveTwice(review);
        JsonPath created = Ops.viewer().queryParam("target", "channel:" + fresh).get("/admin/audit").then().extract().jsonPath();
        assertEquals(1, created.getList("$").size());
        assertEquals("CHANNEL_CREATED", created.getString("[0].action"));
        assertEquals("ops (dev seed) (review " + review + ")", created.getString("[0].actor"));
        assertEquals(null, created.getString("[0].before"));
        assertEquals(fresh, created.getString("[0].after.code"));
        Ops.ops().contentType("application/json").body(Map.of("enabled", false)).patch("/admin/channels/" + fresh).then().statusCode(200);
        // the change, the review asked for, two approvals, the creation, the disabling
        assertEquals(before + 6, auditCount());
    }

    @Test
    void theAuditLogCannotBeEdited() {
        Ops.ops().contentType("application/json").body(Map.of("weight", 55)).patch("/admin/channels/" + channel).then().statusCode(200);
        Ops.ops().delete("/admin/audit").then().statusCode(405);
        Ops.ops().contentType("application/json").body(Map.of()).put("/admin/audit").then().statusCode(405);
        assertThrows(RuntimeException.class, () -> pool.query("update audit_log set actor = 'someone else'").execute().await().indefinitely());
        assertThrows(RuntimeException.class, () -> pool.query("delete from audit_log").execute().await().indefinitely());
    }

    @Test
    void aChannelAddedAtRuntimeGetsItsQueuesAndTraffic() {
        String code = channels.uniqueCode("runtime");
        String currency = "RON";
        channels.claimCurrency(currency);
        String review = Ops.ops().contentType("application/json").body(newChannel(code, currency)).post("/admin/channels").then()
                .statusCode(202).extract().path("id");
        Ops.approveTwice(review);
        Ops.viewer().get("/admin/channels/" + code).then().statusCode(200).body("code", equalTo(code)).body("live", hasKey("circuit"));
        Response paid = Payments.createAndWait(Payments.body(Payments.orderNo("RUNTIME"), "3.00", currency, "ICBC"), 10);
        paid.then().statusCode(202).body("status", equalTo("SUCCEEDED"));
        assertEquals(List.of(code), Sim.takenBy(paid.jsonPath().getString("id")));
        Ops.ops().contentType("application/json").body(newChannel(code, currency)).post("/admin/channels").then().statusCode(409)
                .body("code", equalTo("CONFLICT"));
        channels.retire(code);
    }

    @Test
    void channelsShowConfigurationAndLiveState() {
        for (int i = 0; i < 3; i++) {
            Payments.createAndWait(Payments.body(Payments.orderNo("LIVE"), "2.00", CURRENCY, "ICBC"), 10).then().statusCode(202);
        }
        await(() -> Ops.viewer().get("/admin/channels/" + channel).then().extract().jsonPath().getLong("live.attemptsInWindow") > 0);
        Ops.viewer().get("/admin/channels/" + channel).then().statusCode(200)
                .body("code", equalTo(channel))
                .body("currencies", equalTo(List.of(CURRENCY)))
                .body("maxConcurrency", equalTo(10))
                .body("live.successRate", notNullValue())
                .body("live.inFlight", notNullValue())
                .body("live.p95LatencyMs", notNullValue())
                .body("live.circuit", equalTo("CLOSED"));
        await(() -> Ops.viewer().get("/admin/channels/" + channel).then().extract().jsonPath().get("live.txQueueDepth") != null);
        List<String> codes = Ops.viewer().get("/admin/channels").then().statusCode(200).body("code", hasItem("sim-01"))
                .body("live", everyItem(hasKey("queryQueueDepth"))).extract().jsonPath().getList("code", String.class);
        assertEquals(codes.stream().sorted().toList(), codes, "listed by code, the same order in every replica");
    }

    @Test
    void invalidChangesAreRefusedWithEveryBadField() {
        Ops.ops().contentType("application/json").body(Map.of("weight", -1, "maxConcurrency", 0)).patch("/admin/channels/" + channel)
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("weight")).body("errors.field", hasItem("maxConcurrency"));
        Ops.ops().contentType("application/json").body(Map.of()).patch("/admin/channels/" + channel).then().statusCode(400);
        Ops.ops().contentType("application/json").body(Map.of("wieght", 5)).patch("/admin/channels/" + channel).then().statusCode(400)
                .body("errors.field", hasItem("wieght"));
        Ops.ops().contentType("application/json").body(Map.of("weight", 5)).patch("/admin/channels/no-such-channel").then().statusCode(404);
        Ops.ops().contentType("application/json").body(Map.of("code", "Bad Code", "types", List.of("REFUND"))).post("/admin/channels")
                .then().statusCode(400).body("errors.field", hasItem("code")).body("errors.field", hasItem("types"))
                .body("errors.field", hasItem("baseUrl")).body("errors.field", hasItem("maxAmount"));
    }

    @Test
    void paymentsAreFoundWithTheirAttempts() {
        String id = Payments.createAndWait(Payments.body(Payments.orderNo("FIND"), "4.00", CURRENCY, "ICBC"), 10)
                .then().statusCode(202).extract().path("id");
        Ops.viewer().queryParam("channel", channel).queryParam("status", "SUCCEEDED").get("/admin/payments").then().statusCode(200)
                .body("id", hasItem(id));
        Ops.viewer().get("/admin/payments/" + id).then().statusCode(200)
                .body("attempts[0].channel", equalTo(channel))
                .body("attempts[0].status", equalTo("SUCCEEDED"))
                .body("numberMasked", startsWith("622202"));
        Ops.viewer().queryParam("olderThanSeconds", 3600).queryParam("channel", channel).get("/admin/payments").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(hasItem(id)));
        Ops.viewer().queryParam("status", "WHATEVER").get("/admin/payments").then().statusCode(400);
        Ops.viewer().get("/admin/payments/pay_unknown").then().statusCode(404);
    }

    private long auditCount() {
        return pool.query("select count(*) from audit_log").execute().await().indefinitely().iterator().next().getLong(0);
    }

    private static void await(Supplier<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(condition::get);
    }
}
