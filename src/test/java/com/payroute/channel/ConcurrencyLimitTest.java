package com.payroute.channel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Invariant: concurrency towards a channel never exceeds its per-merchant-account limit, across
 * all replicas together (the permits live in Redis). Asserted on what the channel itself saw.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyLimitTest {

    private static final String CURRENCY = "NZD";

    @Inject
    TestChannels channels;
    @Inject
    PermitPool permits;
    @Inject
    ChannelRegistry registry;
    @Inject
    ReactiveRedisDataSource redis;

    String channel;

    @BeforeAll
    void channel() {
        channels.claimCurrency(CURRENCY);
        channel = channels.create(channels.uniqueCode("limit"), CURRENCY, 100, 5, 3000);
        // the channel answers 429 ("reduce frequency") beyond 5, like the real ones do
        Sim.behave(channel, Map.of("latencyMs", 100, "maxConcurrency", 5));
    }

    @AfterAll
    void retire() {
        channels.retire(channel);
    }

    @Test
    void aBurstOfOneHundredNeverExceedsFiveInFlight() throws Exception {
        long rejectedBefore = Sim.describe(channel).getLong("rejectedBusy");
        List<String> ids = burst(100);
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream()
                .allMatch(id -> !"PROCESSING".equals(Payments.get(id).getString("status"))));

        var seen = Sim.describe(channel);
        assertTrue(seen.getInt("peakInFlight") <= 5, "peak in flight " + seen.getInt("peakInFlight"));
        assertTrue(seen.getInt("peakInFlight") >= 3, "the limit is used, not serialised: " + seen.getInt("peakInFlight"));
        assertEquals(rejectedBefore, seen.getLong("rejectedBusy"), "never a 429");
        for (String id : ids) {
            assertEquals("SUCCEEDED", Payments.get(id).getString("status"));
            assertEquals(1, Sim.charges(id));
        }
    }

    @Test
    void permitsHeldByAnotherReplicaCountToo() throws Exception {
        ChannelConfig config = registry.find(channel).orElseThrow();
        // Another replica holds 3 of the 5 permits for m_demo on this channel for the next 8 seconds.
        List<PermitPool.Permit> foreign = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            foreign.add(permits.acquire(PermitPool.Kind.TX, config, "m_demo").await().indefinitely());
        }
        Sim.behave(channel, Map.of("latencyMs", 100, "maxConcurrency", 2));
        long rejectedBefore = Sim.describe(channel).getLong("rejectedBusy");
        try {
            List<String> ids = burst(30);
            Thread.sleep(4000);
            // the other replica finishes: the channel takes 5 again, and payroute may use all 5 again
            Sim.behave(channel, Map.of("maxConcurrency", 5));
            foreign.forEach(p -> p.release().await().indefinitely());
            await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream()
                    .allMatch(id -> !"PROCESSING".equals(Payments.get(id).getString("status"))));
            assertEquals(rejectedBefore, Sim.describe(channel).getLong("rejectedBusy"),
                    "with 3 permits held elsewhere, payroute sent at most 2 at a time: the channel never said 429");
            for (String id : ids) {
                assertEquals("SUCCEEDED", Payments.get(id).getString("status"));
            }
        } finally {
            Sim.behave(channel, Map.of("maxConcurrency", 5));
        }
    }

    @Test
    void leasesAreExclusiveAndExpireByThemselves() {
        ChannelConfig config = registry.find(channel).orElseThrow();
        String merchant = "m_lease_" + System.nanoTime();
        List<PermitPool.Permit> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(permits.acquire(PermitPool.Kind.TX, config, merchant).await().indefinitely());
        }
        held.forEach(p -> assertNotNull(p));
        assertNull(permits.acquire(PermitPool.Kind.TX, config, merchant).await().indefinitely(), "the sixth is refused");
        assertNotNull(permits.acquire(PermitPool.Kind.QUERY, config, merchant).await().indefinitely(),
                "queries have their own permits");
        held.get(0).release().await().indefinitely();
        assertNotNull(permits.acquire(PermitPool.Kind.TX, config, merchant).await().indefinitely(), "a released one is free");

        // Crashed holders: five leases whose expiry has passed (scores are expiry times in ms)
        // do not count; five that are still running do.
        String crashed = "m_crashed_" + System.nanoTime();
        String key = PermitPool.key(PermitPool.Kind.TX, channel, crashed);
        redis.execute("ZADD", key, "1", "c1", "1", "c2", "1", "c3", "1", "c4", "1", "c5").await().indefinitely();
        assertNotNull(permits.acquire(PermitPool.Kind.TX, config, crashed).await().indefinitely(), "expired leases came back");
        String alive = Long.toString(System.currentTimeMillis() + 60_000);
        redis.execute("ZADD", key, alive, "a1", alive, "a2", alive, "a3", alive, "a4").await().indefinitely();
        assertNull(permits.acquire(PermitPool.Kind.TX, config, crashed).await().indefinitely(), "live leases hold");
    }

    private List<String> burst(int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> Payments.create(Payments.body(Payments.orderNo("BURST"), "3.00", CURRENCY, "BOC"))
                        .then().statusCode(202).extract().<String>path("id")));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }
}
