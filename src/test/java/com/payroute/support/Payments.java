package com.payroute.support;

import static com.payroute.support.Http.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Merchant API calls as a business line makes them. */
public final class Payments {

    public static final String DEMO_KEY = "demo-key";
    private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() % 100_000_000);

    private Payments() {
    }

    public static String orderNo(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    /** A valid DEBIT request body; callers override fields. */
    public static Map<String, Object> body(String orderNo, String amount, String currency, String bankCode) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("bankCode", bankCode);
        account.put("number", TestAccounts.next());
        account.put("holderName", "Li Lei");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("merchantOrderNo", orderNo);
        body.put("type", "DEBIT");
        body.put("amount", amount);
        body.put("currency", currency);
        body.put("account", account);
        return body;
    }

    public static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        if (value == null) {
            copy.remove(field);
        } else {
            copy.put(field, value);
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> withAccount(Map<String, Object> body, String field, Object value) {
        Map<String, Object> account = new HashMap<>((Map<String, Object>) body.get("account"));
        if (value == null) {
            account.remove(field);
        } else {
            account.put(field, value);
        }
        return with(body, "account", account);
    }

    public static Response create(Object body) {
        return create(body, DEMO_KEY);
    }

    public static Response create(Object body, String apiKey) {
        return given().header("Authorization", "Bearer " + apiKey).contentType("application/json").body(body)
                .post("/v1/payments");
    }

    public static Response createAndWait(Object body, int seconds) {
        return given().header("Authorization", "Bearer " + DEMO_KEY).header("Prefer", "wait=" + seconds)
                .contentType("application/json").body(body).post("/v1/payments");
    }

    public static JsonPath get(String id) {
        return given().header("Authorization", "Bearer " + DEMO_KEY).get("/v1/payments/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    /** Sends every body at once from eight callers, each answered 202: the payments' ids, in the bodies' order. */
    public static List<String> createConcurrently(List<Map<String, Object>> bodies) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> sent = new ArrayList<>();
            for (Map<String, Object> body : bodies) {
                sent.add(clients.submit(() -> create(body).then().statusCode(202).extract().<String>path("id")));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : sent) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            clients.shutdownNow();
        }
    }

    /** Waits until none of the payments is PROCESSING any more. */
    public static void awaitAllTerminal(List<String> ids, Duration max) {
        await().atMost(max).until(() -> ids.stream().allMatch(id -> !"PROCESSING".equals(get(id).getString("status"))));
    }

    /** Polls until the payment is terminal and returns it. */
    public static JsonPath awaitTerminal(String id, Duration max) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(max).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = get(id);
            return !"PROCESSING".equals(last[0].getString("status"));
        });
        return last[0];
    }
}
