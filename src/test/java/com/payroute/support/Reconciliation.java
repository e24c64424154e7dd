package com.payroute.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

import com.payroute.channel.AccountingDay;

import io.restassured.path.json.JsonPath;

/** Reconciliation runs as ops start and read them. */
public final class Reconciliation {

    private Reconciliation() {
    }

    /** The accounting day of a channel with the default clock (Asia/Shanghai, cut-off 23:00) at {@code at}. */
    public static LocalDate dayOf(Instant at) {
        return AccountingDay.of(at, ZoneId.of("Asia/Shanghai"), LocalTime.of(23, 0));
    }

    /** Starts the run of (channel, day) and waits until it is DONE; the run. */
    public static JsonPath run(String channel, LocalDate day) {
        String id = Ops.ops().contentType("application/json").body(Map.of("channel", channel, "day", day.toString()))
                .post("/admin/reconciliations").then().statusCode(202).extract().path("id");
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = Ops.viewer().get("/admin/reconciliations/" + id).then().statusCode(200).extract().jsonPath();
            return "DONE".equals(last[0].getString("status"));
        });
        return last[0];
    }

    /** The discrepancies of (channel, day), any status. */
    public static JsonPath discrepancies(String channel, LocalDate day) {
        return Ops.viewer().queryParam("channel", channel).queryParam("day", day.toString()).get("/admin/discrepancies").then()
                .statusCode(200).extract().jsonPath();
    }
}
