package com.payroute.support;

import static com.payroute.support.Http.given;

import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;

/** The simulator's HTTP API (API.md section 4). */
public final class Sim {

    private Sim() {
    }

    public static void behave(String channel, Map<String, Object> behaviour) {
        given().contentType("application/json").body(behaviour).put("/sim/channels/" + channel + "/behaviour")
                .then().statusCode(200);
    }

    /** Clears one channel's counters (its ledger stays), so a test reads its own peaks. */
    public static void reset(String channel) {
        given().post("/sim/channels/" + channel + "/reset").then().statusCode(204);
    }

    public static JsonPath describe(String channel) {
        return given().get("/sim/channels/" + channel).then().statusCode(200).extract().jsonPath();
    }

    /** Places an order directly on a simulated channel, as if payroute had sent it and crashed. */
    public static int submitDirectly(String channel, String orderNo, String amount, String currency) {
        return given().contentType("application/json")
                .body(Map.of("orderNo", orderNo, "type", "DEBIT", "amount", amount, "currency", currency,
                        "account", Map.of("bankCode", "ICBC", "number", TestAccounts.next(), "holderName", "Li Lei")))
                .post("/sim/channels/" + channel + "/orders").statusCode();
    }

    public static List<Map<String, Object>> ledger() {
        return given().get("/sim/ledger").then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** One order's ledger entries, one per channel that took it. */
    public static List<Map<String, Object>> ledger(String orderNo) {
        return given().queryParam("orderNo", orderNo).get("/sim/ledger").then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** Charges for one order across all simulated channels. */
    public static int charges(String orderNo) {
        return ledger(orderNo).stream()
                .mapToInt(e -> ((Number) e.get("charges")).intValue()).sum();
    }

    /** What the simulated channels gave back of one order, in all (the ledger's {@code refunded}). */
    public static java.math.BigDecimal refunded(String orderNo) {
        return ledger(orderNo).stream()
                .map(e -> new java.math.BigDecimal((String) e.get("refunded"))).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
    }

    /** The refunds the simulated channels took under one refund number (one per channel that took it). */
    public static List<Map<String, Object>> refunds(String refundNo) {
        return given().get("/sim/refunds").then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$").stream()
                .filter(e -> refundNo.equals(e.get("refundNo"))).toList();
    }

    /** Channels that took the order (charged or not). */
    public static List<String> takenBy(String orderNo) {
        return ledger(orderNo).stream().map(e -> (String) e.get("channel")).toList();
    }
}
