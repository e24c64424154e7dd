package com.payroute.support;

import static com.payroute.support.Http.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The refund API (API.md section 1, "Refunds") as a business line calls it. */
public final class Refunds {

    private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() % 100_000_000);

    private Refunds() {
    }

    public static String refundNo(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    public static Map<String, Object> body(String refundNo, String amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("merchantRefundNo", refundNo);
        body.put("amount", amount);
        return body;
    }

    public static Response create(String paymentId, Object body) {
        return create(paymentId, body, Payments.DEMO_KEY);
    }

    public static Response create(String paymentId, Object body, String apiKey) {
        return given().header("Authorization", "Bearer " + apiKey).contentType("application/json").body(body)
                .post("/v1/payments/" + paymentId + "/refunds");
    }

    public static JsonPath get(String refundId) {
        return given().header("Authorization", "Bearer " + Payments.DEMO_KEY).get("/v1/refunds/" + refundId).then()
                .statusCode(200).extract().jsonPath();
    }

    /** Polls until the refund is terminal and returns it. */
    public static JsonPath awaitTerminal(String refundId, Duration max) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(max).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = get(refundId);
            return !"PROCESSING".equals(last[0].getString("status"));
        });
        return last[0];
    }

    /** A payment of m_demo in {@code currency}, waited for until SUCCEEDED; its id. */
    public static String succeededPayment(String currency, String amount) {
        String id = Payments.create(Payments.body(Payments.orderNo("RFD-PAY"), amount, currency, "ICBC"))
                .then().statusCode(202).extract().path("id");
        String status = Payments.awaitTerminal(id, Duration.ofSeconds(20)).getString("status");
        if (!"SUCCEEDED".equals(status)) {
            throw new AssertionError("payment to refund ended " + status);
        }
        return id;
    }
}
