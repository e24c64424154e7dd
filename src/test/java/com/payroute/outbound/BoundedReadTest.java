package com.payroute.outbound;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.payroute.support.Fixtures;
import com.payroute.support.Payments;
import com.payroute.support.StreamingServer;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Every answer read from outside has a size cap: a merchant endpoint or a channel streaming 100 MB
 * is cut off after the cap (the peer manages to write only what sockets buffer), and the call counts
 * as failed (a callback try) or ambiguous (a channel call: queried, never sent again).
 */
@QuarkusTest
class BoundedReadTest {

    private static final long HUNDRED_MB = 100L * 1024 * 1024;

    @Inject
    TestChannels channels;
    @Inject
    Fixtures fixtures;

    @Test
    void aCallbackEndpointStreamingAHundredMegabytesIsCutOff() throws Exception {
        channels.claimCurrency("BHD");
        String channel = channels.create(channels.uniqueCode("bounded-cb"), "BHD", 100, 5, 2000);
        try (StreamingServer endpoint = new StreamingServer(HUNDRED_MB)) {
            String id = Payments.create(Payments.with(Payments.body(Payments.orderNo("BIG-CB"), "1.000", "BHD", "ICBC"),
                    "notifyUrl", endpoint.url() + "/notify")).then().statusCode(202).extract().path("id");
            await().atMost(Duration.ofSeconds(20)).until(() -> "no answer".equals(
                    fixtures.value("select last_error from notification where payment_id = $1", id)));
            assertTrue(endpoint.written() < 40L * 1024 * 1024, "cut off after the cap, not read whole: " + endpoint.written());
        } finally {
            channels.retire(channel);
        }
    }

    @Test
    void aChannelStreamingAHundredMegabytesIsAnAmbiguousCall() throws Exception {
        channels.claimCurrency("KWD");
        try (StreamingServer liar = new StreamingServer(HUNDRED_MB)) {
            String channel = channels.create(channels.uniqueCode("bounded-ch"), "KWD", 100, 5, 2000);
            fixtures.execute("update channel set base_url = $2 where code = $1", channel, liar.url());
            channels.update(channel, "enabled = true");
            try {
                String id = Payments.create(Payments.body(Payments.orderNo("BIG-CH"), "1.000", "KWD", "ICBC")).then().statusCode(202)
                        .extract().path("id");
                await().atMost(Duration.ofSeconds(20)).until(() -> "UNKNOWN".equals(
                        fixtures.value("select status from attempt where payment_id = $1", id))
                        || "PROCESSING".equals(fixtures.value("select status from attempt where payment_id = $1", id)));
                assertEquals("UNKNOWN", fixtures.value("select status from attempt where payment_id = $1", id),
                        "money may have moved: queried, never sent again");
                assertEquals(1L, fixtures.attempts(id));
                assertTrue(liar.written() < 40L * 1024 * 1024, "cut off after the cap: " + liar.written());
            } finally {
                channels.retire(channel);
            }
        }
    }
}
