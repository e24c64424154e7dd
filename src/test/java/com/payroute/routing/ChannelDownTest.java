package com.payroute.routing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** A channel turned down mid-run: new payments stop going to it within seconds, and the run stays successful. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelDownTest {

    private static final String CURRENCY = "CAD";

    @Inject
    TestChannels channels;
    @Inject
    Pool pool;

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
    void routingMovesAwayWithinSeconds() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<Sent>> sent = new ArrayList<>();
        long start = System.currentTimeMillis();
        long downAt = start + 3000;
        boolean turnedDown = false;
        try {
            for (int i = 0; i < 400; i++) {
                long now = System.currentTimeMillis();
                if (!turnedDown && now >= downAt) {
                    Sim.behave(failing, Map.of("down", true, "downMode", "ERROR"));
                    downAt = now;
                    turnedDown = true;
                }
                sent.add(clients.submit(() -> new Sent(System.currentTimeMillis(),
                        Payments.create(Payments.body(Payments.orderNo("DOWN"), "12.00", CURRENCY, "CCB"))
                                .then().statusCode(202).extract().<String>path("id"))));
                Thread.sleep(25); // ~40 payments a second for 10 seconds
            }
            List<Sent> payments = new ArrayList<>();
            for (Future<Sent> f : sent) {
                payments.add(f.get());
            }
            Thread.sleep(3000); // let the last ones finish

            long afterSettled = downAt + 3000;
            List<Sent> late = payments.stream().filter(p -> p.at() > afterSettled).toList();
            long lateToFailing = late.stream().filter(p -> failing.equals(firstChannel(p.id()))).count();
            long succeeded = payments.stream().filter(p -> "SUCCEEDED".equals(Payments.get(p.id()).getString("status"))).count();

            assertTrue(late.size() > 100, "enough payments after the switch: " + late.size());
            assertTrue(lateToFailing <= late.size() * 0.10,
                    lateToFailing + " of " + late.size() + " payments were still first routed to the down channel 3 s after it went down");
            assertTrue(succeeded >= payments.size() * 0.90, succeeded + " of " + payments.size() + " succeeded during the run");
        } finally {
            clients.shutdownNow();
        }
    }

    private record Sent(long at, String id) {
    }

    private String firstChannel(String paymentId) {
        return pool.preparedQuery("select channel_code from attempt where payment_id = $1 and seq = 1").execute(Tuple.of(paymentId))
                .await().indefinitely().iterator().next().getString(0);
    }
}
