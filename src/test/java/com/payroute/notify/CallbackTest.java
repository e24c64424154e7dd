package com.payroute.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.support.CallbackReceiver;
import com.payroute.support.Merchants;
import com.payroute.support.Ops;
import com.payroute.support.Payments;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Callbacks as API.md promises them: signed, retried on the schedule with a stable eventId, dead after the last, resendable. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallbackTest {

    private static final String CURRENCY = "BGN";

    @Inject
    TestChannels channels;
    @Inject
    Pool pool;

    String channel;
    String secret;
    Merchants.Created merchant;
    @Inject
    Merchants merchants;

    @BeforeAll
    void setUp() {
        channels.claimCurrency(CURRENCY);
        channel = channels.create(channels.uniqueCode("cb"), CURRENCY, 100, 20, 2000);
        merchant = merchants.create("cb", null);
        secret = merchant.notifySecret();
    }

    @AfterAll
    void retire() {
        channels.retire(channel);
    }

    @Test
    void failingThreeTimesThenOkGetsTheSameSignedEventFourTimesThenNoMore() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver(n -> n <= 3 ? 500 : 200)) {
            String id = pay(receiver.url());
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received(id).size() >= 4);
            Thread.sleep(3000);
            List<CallbackReceiver.Received> got = receiver.received(id);
            assertEquals(4, got.size(), "three failures, one success, then nothing more");
            Set<String> eventIds = got.stream().map(CallbackReceiver.Received::eventId).collect(Collectors.toSet());
            assertEquals(1, eventIds.size(), "the same eventId every time");
            String eventId = eventIds.iterator().next();
            for (CallbackReceiver.Received r : got) {
                assertValidSignature(r);
                JsonPath body = new JsonPath(r.body());
                assertEquals(id, body.getString("id"));
                assertEquals("SUCCEEDED", body.getString("status"));
                assertEquals(eventId, body.getString("eventId"));
                assertEquals("270.00", body.getString("amount"));
                Instant.parse(body.getString("occurredAt"));
                assertTrue(!r.body().contains("6222021507001069767"), "never the account number");
            }
            Row row = notification(id);
            assertEquals("DELIVERED", row.getString("status"));
            assertEquals(4, row.getInteger("attempts"));
        }
    }

    @Test
    void aDeadEndpointEndsDeadAndOpsCanResend() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver(n -> 0)) {
            String id = pay(receiver.url());
            await().atMost(Duration.ofSeconds(60)).until(() -> "DEAD".equals(notification(id).getString("status")));
            Row dead = notification(id);
            assertEquals(19, dead.getInteger("attempts"), "one try and the 18 retries of the schedule");
            assertEquals(19, receiver.received(id).size());
            String eventId = dead.getString("event_id");
            Ops.viewer().queryParam("status", "DEAD").queryParam("paymentId", id).get("/admin/notifications").then().statusCode(200)
                    .body("eventId", org.hamcrest.Matchers.hasItem(eventId));

            receiver.behave(n -> 200);
            Ops.viewer().post("/admin/notifications/" + eventId + "/resend").then().statusCode(403);
            Ops.ops().post("/admin/notifications/" + eventId + "/resend").then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(notification(id).getString("status")));
            assertEquals(eventId, receiver.received(id).get(receiver.received(id).size() - 1).eventId());
            assertValidSignature(receiver.received(id).get(receiver.received(id).size() - 1));
            JsonPath audit = Ops.viewer().queryParam("target", "notification:" + eventId).get("/admin/audit").then().extract().jsonPath();
            assertEquals("NOTIFICATION_RESENT", audit.getString("[0].action"));
            assertEquals("DEAD", audit.getString("[0].before.status"));
        }
    }

    @Test
    void noRouteIsCalledBackTooAndNoUrlMeansNoCallback() throws Exception {
        try (CallbackReceiver receiver = CallbackReceiver.answering(204)) {
            Map<String, Object> body = Payments.with(Payments.body(Payments.orderNo("CBNR"), "270.00", "GBP", "ICBC"),
                    "notifyUrl", receiver.url());
            String id = Payments.create(body, merchant.apiKey()).then().statusCode(422).extract().path("paymentId");
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(id).size() == 1);
            JsonPath callback = new JsonPath(receiver.received(id).get(0).body());
            assertEquals("FAILED", callback.getString("status"));
            assertEquals("NO_ROUTE", callback.getString("failureCode"));
        }
        String silent = Payments.createAndWait(Payments.body(Payments.orderNo("CBNONE"), "1.00", CURRENCY, "ICBC"), 10)
                .then().statusCode(202).extract().path("id");
        assertEquals(0L, pool.preparedQuery("select count(*) from notification where payment_id = $1").execute(Tuple.of(silent))
                .await().indefinitely().iterator().next().getLong(0));
    }

    private String pay(String notifyUrl) {
        Map<String, Object> body = Payments.withAccount(
                Payments.with(Payments.body(Payments.orderNo("CB"), "270.00", CURRENCY, "ICBC"), "notifyUrl", notifyUrl),
                "number", "6222021507001069767");
        // the same account and amount every time: the customer confirmed each (the duplicate guard would refuse them)
        return Payments.create(Payments.with(body, "allowDuplicate", true), merchant.apiKey()).then().statusCode(202).extract().path("id");
    }

    private Row notification(String paymentId) {
        var rows = pool.preparedQuery("select * from notification where payment_id = $1").execute(Tuple.of(paymentId))
                .await().indefinitely();
        return rows.rowCount() == 0 ? null : rows.iterator().next();
    }

    /** Verifies the signature the way a merchant would: HMAC-SHA256(secret, "t.body"). */
    private void assertValidSignature(CallbackReceiver.Received r) throws Exception {
        assertSignedBy(r, List.of(secret));
    }

    /** The header carries exactly one {@code v1=} per secret, in order, each valid for the body and timestamp. */
    private static void assertSignedBy(CallbackReceiver.Received r, List<String> secrets) throws Exception {
        String[] parts = r.signature().split(",");
        assertEquals(1 + secrets.size(), parts.length, r.signature());
        assertTrue(parts[0].startsWith("t="));
        long t = Long.parseLong(parts[0].substring(2));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - t) < 300, "fresh timestamp");
        for (int i = 0; i < secrets.size(); i++) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secrets.get(i).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
            assertEquals("v1=" + expected, parts[1 + i], "valid signature by secret " + i);
        }
    }

    @Test
    void aRotatedSecretSignsBesideTheOldOneAndIsNeverStoredInClear() throws Exception {
        Merchants.Created rotating = merchants.create("cbrot", null);
        String fresh = Ops.admin().contentType("application/json").post("/admin/merchants/" + rotating.id() + "/notify-secret")
                .then().statusCode(200).extract().path("notifySecret");
        Ops.ops().contentType("application/json").post("/admin/merchants/" + rotating.id() + "/notify-secret").then().statusCode(403);
        try (CallbackReceiver receiver = CallbackReceiver.answering(200)) {
            Map<String, Object> body = Payments.with(Payments.body(Payments.orderNo("CBROT"), "3.00", CURRENCY, "ICBC"),
                    "notifyUrl", receiver.url());
            String id = Payments.create(body, rotating.apiKey()).then().statusCode(202).extract().path("id");
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received(id).size() == 1);
            assertSignedBy(receiver.received(id).get(0), List.of(fresh, rotating.notifySecret()));
        }
        assertEquals(0L, pool.preparedQuery("select count(*) from merchant where notify_secret is not null and id = $1")
                .execute(Tuple.of(rotating.id())).await().indefinitely().iterator().next().getLong(0), "sealed, never clear");
        String stored = pool.preparedQuery("select encode(notify_secret_cipher, 'hex') from merchant where id = $1")
                .execute(Tuple.of(rotating.id())).await().indefinitely().iterator().next().getString(0);
        assertTrue(!stored.contains(HexFormat.of().formatHex(fresh.getBytes(StandardCharsets.UTF_8))), "not the secret itself");
    }
}
