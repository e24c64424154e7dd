package com.payroute.support;

import static com.payroute.support.Http.given;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The batch API (API.md section 1, "Batches") as a business line calls it. */
public final class Batches {

    private Batches() {
    }

    /** {@code count} good items of {@code amount} in {@code currency}, each to another account. */
    public static List<Map<String, Object>> items(String prefix, int count, String amount, String currency) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> item = Payments.body(prefix + "-" + i, amount, currency, "ICBC");
            item.remove("type");
            items.add(item);
        }
        return items;
    }

    public static Map<String, Object> body(String batchNo, String type, List<Map<String, Object>> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("merchantBatchNo", batchNo);
        body.put("type", type);
        body.put("items", items);
        return body;
    }

    public static Response create(Object body, String apiKey) {
        return given().header("Authorization", "Bearer " + apiKey).contentType("application/json").body(body).post("/v1/batches");
    }

    public static JsonPath get(String batchId, String apiKey) {
        return given().header("Authorization", "Bearer " + apiKey).get("/v1/batches/" + batchId).then().statusCode(200)
                .extract().jsonPath();
    }
}
