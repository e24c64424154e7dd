package com.payroute.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.support.Fixtures;
import com.payroute.support.Ops;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * One channel's route to one bank fails (the bank's maintenance on that channel) while its other
 * banks are fine: routing learns it per (channel, bank, type), sends that bank's payments elsewhere,
 * and ops see the segment rates. Counted outcomes, not timing.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentRoutingTest {

    private static final String CURRENCY = "NOK";
    private static final String BROKEN_BANK = "BOCM";
    private static final String FINE_BANK = "ICBC";

    @Inject
    TestChannels channels;
    @Inject
    Fixtures fixtures;

    String patchy;
    String steady;

    @BeforeAll
    void channels() {
        channels.claimCurrency(CURRENCY);
        patchy = channels.create(channels.uniqueCode("patchy"), CURRENCY, 100, 20, 1000);
        steady = channels.create(channels.uniqueCode("steady"), CURRENCY, 100, 20, 1000);
        Sim.behave(patchy, Map.of("bankSuccessRates", Map.of(BROKEN_BANK, 0.0)));
    }

    @AfterAll
    void retire() {
        Sim.behave(patchy, Map.of("bankSuccessRates", Map.of()));
        channels.retire(patchy, steady);
    }

    @Test
    void aBanksFailingRouteOnOneChannelIsAvoidedForThatBankOnly() throws Exception {
        // mixed traffic: both channels carry both banks until routing has seen the outcomes
        List<String> learning = send(240, BROKEN_BANK, FINE_BANK);
        Payments.awaitAllTerminal(learning, Duration.ofSeconds(60));
        // learnt once the statistics (refreshed every second) rate that bank clearly lower on the patchy channel:
        // how low depends on how much of that bank it was still given (smoothing), the gap is what routing uses
        await().atMost(Duration.ofSeconds(30)).until(() -> rate(patchy, BROKEN_BANK) < rate(steady, BROKEN_BANK) - 0.1);
        JsonPath patchyView = Ops.viewer().get("/admin/channels/" + patchy).then().statusCode(200).extract().jsonPath();
        assertTrue(rate(patchy, BROKEN_BANK) < rate(patchy, FINE_BANK), "ops see the bank that fails apart from the one that does not: "
                + patchyView.prettify());

        List<String> broken = send(150, BROKEN_BANK, BROKEN_BANK);
        long brokenToPatchy = broken.stream().filter(id -> patchy.equals(fixtures.firstChannel(id))).count();
        assertTrue(brokenToPatchy <= broken.size() * 0.15, brokenToPatchy + " of " + broken.size() + " " + BROKEN_BANK
                + " payments still went to the channel failing that bank: " + Ops.viewer().get("/admin/channels/" + patchy).asString());
        Payments.awaitAllTerminal(broken, Duration.ofSeconds(60));
        long succeeded = broken.stream().filter(id -> "SUCCEEDED".equals(Payments.get(id).getString("status"))).count();
        assertTrue(succeeded >= broken.size() * 0.80, succeeded + " of " + broken.size() + " succeeded");
    }

    /** The segment rate ops see for (channel, bank, DEBIT); the channel's rate while the segment has none. */
    private static double rate(String channel, String bank) {
        JsonPath view = Ops.viewer().get("/admin/channels/" + channel).then().statusCode(200).extract().jsonPath();
        Object segment = view.get("live.banks.find { it.bank == '" + bank + "' && it.type == 'DEBIT' }.successRate");
        return segment == null ? view.getDouble("live.successRate") : ((Number) segment).doubleValue();
    }

    /** {@code n} payments, to {@code banks} in turn. */
    private static List<String> send(int n, String... banks) throws Exception {
        return Payments.createConcurrently(java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> Payments.body(Payments.orderNo("SEG"), "12.00", CURRENCY, banks[i % banks.length])).toList());
    }
}
