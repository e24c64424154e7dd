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

/**
 * A channel that goes down mid-run: once its circuit has opened it gets only the exploration share
 * of new payments (counted, not timed), and the payments keep succeeding elsewhere.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelDownTest {

    private static final String CURRENCY = "CAD";

    @Inject
    TestChannels channels;
    @Inject
    Fixtures fixtures;

    String failing;
    String steady;

    @BeforeAll
    void channels() {
        channels.claimCurrency(CURRENCY);
        failing = channels.create(channels.uniqueCode("down"), CURRENCY, 100, 20, 1000);
        steady = channels.create(channels.uniqueCode("steady"), CURRENCY, 100, 20, 1000);
        Sim.behave(failing, Map.of("latencyMs", 20));
        Sim.behave(steady, Map.of("latencyMs", 20));
    }

    @AfterAll
    void retire() {
        Sim.behave(failing, Map.of("down", false));
        channels.retire(failing, steady);
    }

    @Test
    void aChannelWhoseCircuitOpenedGetsOnlyExplorationTraffic() throws Exception {
        // healthy at first: both channels carry traffic
        List<String> before = send(100);
        assertTrue(before.stream().filter(id -> failing.equals(fixtures.firstChannel(id))).count() > 10, "both channels in use at first");
        Payments.awaitAllTerminal(before, Duration.ofSeconds(30));

        // the channel goes down; payments keep coming until its circuit has opened
        Sim.behave(failing, Map.of("down", true, "downMode", "ERROR"));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            send(10);
            return "OPEN".equals(Ops.viewer().get("/admin/channels/" + failing).then().extract().path("live.circuit"));
        });

        // from now on it gets at most the random exploration share (0.5 %; directed exploration passes over an
        // open circuit) and the breaker's trial calls
        List<String> after = send(200);
        long toFailing = after.stream().filter(id -> failing.equals(fixtures.firstChannel(id))).count();
        assertTrue(toFailing <= after.size() * 0.10, toFailing + " of " + after.size()
                + " payments were first routed to the channel whose circuit is open; channels: "
                + Ops.viewer().get("/admin/channels/" + failing).asString() + " " + Ops.viewer().get("/admin/channels/" + steady).asString());
        Payments.awaitAllTerminal(after.stream().filter(id -> !failing.equals(fixtures.firstChannel(id))).toList(), Duration.ofSeconds(30));
        long succeeded = after.stream().filter(id -> "SUCCEEDED".equals(Payments.get(id).getString("status"))).count();
        assertTrue(succeeded >= after.size() * 0.90, succeeded + " of " + after.size() + " succeeded");
    }

    private static List<String> send(int n) throws Exception {
        return Payments.createConcurrently(java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> Payments.body(Payments.orderNo("DOWN"), "12.00", CURRENCY, "CCB")).toList());
    }
}
