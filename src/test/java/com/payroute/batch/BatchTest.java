package com.payroute.batch;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.support.Batches;
import com.payroute.support.CallbackReceiver;
import com.payroute.support.Fixtures;
import com.payroute.support.Http;
import com.payroute.support.Merchants;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Batches: each item checked on its own (bad ones reported by index, never stopping the others), every
 * good item an ordinary payment, idempotent on merchantBatchNo, counts kept without scanning, COMPLETED
 * with one batch.completed event; a batch never starves another merchant's single payments.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchTest {

    private static final String CURRENCY = "UAH";

    @Inject
    TestChannels channels;
    @Inject
    Merchants merchants;
    @Inject
    Fixtures fixtures;

    private final List<String> created = new ArrayList<>();
    private Merchants.Created merchant;

    @BeforeAll
    void setUp() {
        channels.claimCurrency(CURRENCY);
        for (int i = 0; i < 3; i++) {
            created.add(channels.create(channels.uniqueCode("batch"), CURRENCY, 100, 20, 2000));
        }
        merchant = merchants.create("bt", null);
    }

    @AfterAll
    void retire() {
        channels.retire(created.toArray(String[]::new));
    }

    @Test
    void aThousandItemsWithSevenBadOnesBecome993PaymentsAndCompleteOnce() throws Exception {
        List<Map<String, Object>> items = Batches.items("B1K", 1000, "10.00", CURRENCY);
        int[] bad = { 3, 100, 250, 499, 500, 777, 999 };
        items.set(3, Payments.with(items.get(3), "amount", "-1"));
        items.set(100, Payments.withAccount(items.get(100), "number", "123"));
        items.set(250, Payments.with(items.get(250), "currency", "XYZ"));
        items.set(499, Payments.with(items.get(499), "merchantOrderNo", "bad order no!"));
        items.set(500, Payments.with(items.get(500), "type", "DEBIT")); // the type is the batch's
        items.set(777, Payments.with(items.get(777), "merchantOrderNo", items.get(776).get("merchantOrderNo"))); // repeated
        items.set(999, Payments.with(items.get(999), "surprise", true));
        try (CallbackReceiver receiver = CallbackReceiver.answering(200)) {
            Map<String, Object> body = Payments.with(Batches.body(Payments.orderNo("BATCH"), "PAYOUT", items), "notifyUrl", receiver.url());
            JsonPath accepted = Batches.create(body, merchant.apiKey()).then().statusCode(202)
                    .header("Location", org.hamcrest.Matchers.containsString("/v1/batches/"))
                    .body("counts.items", equalTo(1000)).body("counts.rejected", equalTo(7))
                    .body("counts.processing", equalTo(993)).extract().jsonPath();
            String batchId = accepted.getString("id");
            assertEquals(List.of(3, 100, 250, 499, 500, 777, 999), accepted.getList("rejected.index"));
            assertEquals("amount", accepted.getString("rejected[0].errors[0].field"));
            assertEquals(String.valueOf(items.get(3).get("merchantOrderNo")), accepted.getString("rejected[0].merchantOrderNo"));
            assertEquals("993", fixtures.value("select count(*) from payment where batch_id = $1", batchId));
            for (int index : bad) {
                assertEquals("0", fixtures.value("select count(*) from payment where batch_id = $1 and batch_index = $2", batchId, index));
            }

            // the same batch again is the same batch; nothing new
            Batches.create(body, merchant.apiKey()).then().statusCode(200).body("id", equalTo(batchId));
            assertEquals("993", fixtures.value("select count(*) from payment where batch_id = $1", batchId));
            assertEquals("1", fixtures.value("select count(*) from batch where merchant_id = $1 and merchant_batch_no = $2", merchant.id(),
                    body.get("merchantBatchNo")));
            // the same number with other content is a conflict
            Batches.create(Payments.with(body, "items", items.subList(0, 10)), merchant.apiKey()).then().statusCode(409)
                    .body("code", equalTo("IDEMPOTENCY_MISMATCH"));

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "COMPLETED".equals(Batches.get(batchId, merchant.apiKey()).getString("status")));
            JsonPath done = Batches.get(batchId, merchant.apiKey());
            assertEquals(993, done.getInt("counts.succeeded"));
            assertEquals(0, done.getInt("counts.processing"));
            assertEquals("9930.00", done.getString("amounts.succeeded"));
            // paging through the items, in item order
            List<Integer> firstPage = itemsPage(batchId, -1, 100).getList("batchIndex");
            assertEquals(100, firstPage.size());
            assertEquals(0, firstPage.get(0));
            assertEquals(List.of(101, 102), itemsPage(batchId, 100, 2).getList("batchIndex"), "item 100 was rejected");
            // one batch.completed event, to the batch's notifyUrl, and every item's own callback
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().stream()
                    .filter(r -> r.body().contains("\"batch.completed\"")).count() == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().stream()
                    .filter(r -> r.body().contains("\"payment.succeeded\"")).count() >= 993);
            // never charged twice
            long charged = Sim.ledger().stream().filter(e -> created.contains(e.get("channel"))
                    && ((Number) e.get("charges")).intValue() > 1).count();
            assertEquals(0, charged);
        }
        Http.given().header("Authorization", "Bearer " + Payments.DEMO_KEY).get("/v1/batches/bat_unknown").then().statusCode(404);
    }

    @Test
    void aBatchNeverStarvesAnotherMerchantsSinglePayment() {
        String batchId = Batches.create(Batches.body(Payments.orderNo("BIG"), "PAYOUT", Batches.items("BIG", 1500, "5.00", CURRENCY)),
                merchant.apiKey()).then().statusCode(202).extract().path("id");
        // while the batch is being worked off, another merchant's payment is not queued behind it
        JsonPath single = Payments.createAndWait(Payments.body(Payments.orderNo("SINGLE"), "7.00", CURRENCY, "ICBC"), 20)
                .then().statusCode(202).extract().jsonPath();
        assertEquals("SUCCEEDED", single.getString("status"));
        int queuedBatchItems = Integer.parseInt(fixtures.value("select count(*) from attempt a join payment p on p.id = a.payment_id "
                + "where p.batch_id = $1 and a.status = 'ROUTED'", batchId));
        assertTrue(queuedBatchItems <= 3 * 20 * 2, "the batch never fills the queues: " + queuedBatchItems);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> "COMPLETED".equals(Batches.get(batchId, merchant.apiKey()).getString("status")));
    }

    private JsonPath itemsPage(String batchId, int after, int limit) {
        return Http.given().header("Authorization", "Bearer " + merchant.apiKey()).queryParam("after", after).queryParam("limit", limit)
                .get("/v1/batches/" + batchId + "/items").then().statusCode(200).extract().jsonPath();
    }
}
