package com.payroute.admin;

import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.payroute.support.CallbackReceiver;
import com.payroute.support.Http;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;

/** After a run, Prometheus sees the per-channel, payment and callback series. */
@QuarkusTest
class MetricsTest {

    @Inject
    TestChannels channels;

    @Test
    void perChannelSeriesAreExposed() throws Exception {
        channels.claimCurrency("PHP");
        String channel = channels.create(channels.uniqueCode("metrics"), "PHP", 100, 10, 2000);
        Sim.behave(channel, Map.of("successRate", 0.5));
        try (CallbackReceiver receiver = CallbackReceiver.answering(200)) {
            for (int i = 0; i < 6; i++) {
                Payments.createAndWait(Payments.with(Payments.body(Payments.orderNo("MET"), "1.00", "PHP", "ICBC"),
                        "notifyUrl", receiver.url()), 10).then().statusCode(202);
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> receiver.received().size() == 6);
        }
        String tag = "channel=\"" + channel + "\"";
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() -> Http.given().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("payroute_channel_calls_total{" + tag))
                .body(containsString("payroute_channel_latency_seconds_bucket{" + tag))
                .body(containsString("payroute_channel_in_flight{" + tag))
                .body(containsString("payroute_channel_circuit_state{" + tag))
                .body(containsString("payroute_channel_queue_depth{" + tag))
                .body(containsString("payroute_payments_total{status=\"SUCCEEDED\"}"))
                .body(containsString("payroute_payments_open"))
                .body(containsString("payroute_callbacks_total{outcome=\"delivered\"}")));
        channels.retire(channel);
    }
}
