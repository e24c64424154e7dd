package com.payroute.review;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.support.CallbackReceiver;
import com.payroute.support.Http;
import com.payroute.support.Merchants;
import com.payroute.support.Ops;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The two-person rule: a held payout or a change that could redirect money takes effect only once two
 * people other than the requester approved it; any rejection ends it; everything is audited.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewTest {

    private static final String CURRENCY = "KZT";

    @Inject
    TestChannels channels;
    @Inject
    Merchants merchants;

    private String channel;
    private Merchants.Created merchant;

    @BeforeAll
    void setUp() {
        channels.claimCurrency(CURRENCY);
        channel = channels.create(channels.uniqueCode("review"), CURRENCY, 100, 10, 2000);
        merchant = merchants.withReviewLimit("rv", "1000.00");
    }

    @AfterAll
    void retire() {
        channels.retire(channel);
    }

    @Test
    void aHeldPayoutNeedsTwoApproversAndIsThenChargedOnce() {
        JsonPath held = payout("1500.00", null);
        String id = held.getString("id");
        assertEquals("ON_HOLD", held.getString("status"));
        assertEquals("AMOUNT_OVER_REVIEW_LIMIT", held.getString("hold.reason"));
        String review = reviewOf(id);

        Ops.viewer().contentType("application/json").body(Map.of()).post("/admin/reviews/" + review + "/approve").then().statusCode(403);
        approve(Ops.ops(), review).then().statusCode(200).body("status", equalTo("PENDING")).body("approvals.size()", equalTo(1));
        assertEquals("ON_HOLD", status(id), "one approval is not enough");
        assertEquals(List.of(), Sim.takenBy(id));
        approve(Ops.ops(), review).then().statusCode(409).body("code", equalTo("REVIEW_CONFLICT")); // the same person again
        approve(Ops.ops2(), review).then().statusCode(200).body("status", equalTo("APPROVED"))
                .body("approvals.by", org.hamcrest.Matchers.contains("ops (dev seed)", "ops2 (dev seed)"));
        approve(Ops.admin(), review).then().statusCode(409).body("code", equalTo("REVIEW_CONFLICT")); // decided already

        await().atMost(Duration.ofSeconds(20)).until(() -> "SUCCEEDED".equals(status(id)));
        assertEquals(1, Sim.charges(id), "charged once");
        List<String> actions = Ops.viewer().queryParam("target", "review:" + review).get("/admin/audit").then().statusCode(200)
                .extract().jsonPath().getList("action");
        assertTrue(actions.containsAll(List.of("REVIEW_REQUESTED", "REVIEW_APPROVED")), actions.toString());
    }

    @Test
    void aRejectedHoldFailsWithItsCallbackAndIsNeverCharged() throws Exception {
        try (CallbackReceiver receiver = CallbackReceiver.answering(200)) {
            String id = payout("2000.00", receiver.url()).getString("id");
            String review = reviewOf(id);
            Ops.ops2().contentType("application/json").body(Map.of("note", "not ours")).post("/admin/reviews/" + review + "/reject")
                    .then().statusCode(200).body("status", equalTo("REJECTED")).body("rejection.by", equalTo("ops2 (dev seed)"));
            JsonPath payment = Http.given().header("Authorization", "Bearer " + merchant.apiKey()).get("/v1/payments/" + id)
                    .then().statusCode(200).extract().jsonPath();
            assertEquals("FAILED", payment.getString("status"));
            assertEquals("REJECTED_IN_REVIEW", payment.getString("failureCode"));
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(id).size() == 1);
            assertEquals("payment.failed", new JsonPath(receiver.received(id).get(0).body()).getString("type"));
            approve(Ops.ops(), review).then().statusCode(409);
            assertEquals(List.of(), Sim.takenBy(id), "never sent to any channel");
        }
    }

    /**
     * A caller holding its answer ({@code Prefer: wait}) hears of an end it did not cause on its own
     * worker path (a rejection in review) from the waiters' shared read, well before its 30 s run out.
     */
    @Test
    void aCallerWaitingOnAHeldPayoutHearsOfItsRejection() throws Exception {
        String orderNo = Payments.orderNo("RVW");
        Map<String, Object> body = Payments.with(Payments.body(orderNo, "3000.00", CURRENCY, "ICBC"), "type", "PAYOUT");
        long started = System.nanoTime();
        java.util.concurrent.CompletableFuture<JsonPath> answer = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                Http.given().header("Authorization", "Bearer " + merchant.apiKey()).header("Prefer", "wait=30")
                        .contentType("application/json").body(body).post("/v1/payments").then().statusCode(202).extract().jsonPath());
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            io.restassured.response.Response found = Http.given().header("Authorization", "Bearer " + merchant.apiKey())
                    .queryParam("merchantOrderNo", orderNo).get("/v1/payments");
            id[0] = found.statusCode() == 200 ? found.path("id") : null;
            return id[0] != null;
        });
        Ops.ops2().contentType("application/json").body(Map.of("note", "not ours")).post("/admin/reviews/" + reviewOf(id[0]) + "/reject")
                .then().statusCode(200);
        JsonPath answered = answer.get(40, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("FAILED", answered.getString("status"));
        assertEquals("REJECTED_IN_REVIEW", answered.getString("failureCode"));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 25,
                "answered when the rejection was read, not when the 30 s wait ran out");
    }

    @Test
    void aChannelChangeIsNeverApprovedByItsRequester() {
        String other = channels.create(channels.uniqueCode("review-move"), "KGS", 100, 5, 2000);
        try {
            String review = Ops.ops().contentType("application/json").body(Map.of("baseUrl", "http://127.0.0.1:1/moved", "weight", 50))
                    .patch("/admin/channels/" + other).then().statusCode(202).body("kind", equalTo("CHANNEL_CHANGE"))
                    .body("requestedBy", equalTo("ops (dev seed)")).extract().path("id");
            // the weight acted at once, the address waits
            JsonPath now = Ops.viewer().get("/admin/channels/" + other).then().extract().jsonPath();
            assertEquals(50, now.getInt("weight"));
            assertTrue(now.getString("baseUrl").contains("/sim/channels/"));
            approve(Ops.ops(), review).then().statusCode(409).body("code", equalTo("REVIEW_CONFLICT"));
            Ops.ops().contentType("application/json").body(Map.of("baseUrl", "http://127.0.0.1:2/elsewhere")).patch("/admin/channels/" + other)
                    .then().statusCode(409).body("code", equalTo("REVIEW_CONFLICT")); // one pending review per target
            Ops.approveTwice(review);
            assertEquals("http://127.0.0.1:1/moved", Ops.viewer().get("/admin/channels/" + other).then().extract().path("baseUrl"));
            // disabling acts at once; enabling again waits for two people
            Ops.ops().contentType("application/json").body(Map.of("enabled", false)).patch("/admin/channels/" + other).then().statusCode(200);
            String reEnable = Ops.ops().contentType("application/json").body(Map.of("enabled", true)).patch("/admin/channels/" + other)
                    .then().statusCode(202).extract().path("id");
            assertEquals(false, Ops.viewer().get("/admin/channels/" + other).then().extract().path("enabled"));
            Ops.admin().contentType("application/json").body(Map.of()).post("/admin/reviews/" + reEnable + "/reject").then().statusCode(200);
            assertEquals(false, Ops.viewer().get("/admin/channels/" + other).then().extract().path("enabled"));
            Ops.viewer().queryParam("target", "channel:" + other).get("/admin/reviews").then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.containsInAnyOrder("APPROVED", "REJECTED"));
        } finally {
            channels.retire(other);
        }
    }

    private JsonPath payout(String amount, String notifyUrl) {
        Map<String, Object> body = Payments.with(Payments.body(Payments.orderNo("RV"), amount, CURRENCY, "ICBC"), "type", "PAYOUT");
        if (notifyUrl != null) {
            body = Payments.with(body, "notifyUrl", notifyUrl);
        }
        return Payments.create(body, merchant.apiKey()).then().statusCode(202).extract().jsonPath();
    }

    private static String reviewOf(String paymentId) {
        JsonPath reviews = Ops.viewer().queryParam("target", "payment:" + paymentId).get("/admin/reviews").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(1, reviews.getList("$").size());
        assertEquals("PAYOUT_HOLD", reviews.getString("[0].kind"));
        assertEquals("PENDING", reviews.getString("[0].status"));
        return reviews.getString("[0].id");
    }

    private static io.restassured.response.Response approve(io.restassured.specification.RequestSpecification who, String review) {
        return who.contentType("application/json").body(Map.of("note", "ok")).post("/admin/reviews/" + review + "/approve");
    }

    private String status(String paymentId) {
        return Http.given().header("Authorization", "Bearer " + merchant.apiKey()).get("/v1/payments/" + paymentId).then()
                .extract().path("status");
    }
}
