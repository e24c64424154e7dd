package com.payroute.channel;

import static com.payroute.support.Http.given;
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
import org.junit.jupiter.api.condition.EnabledIf;

import com.payroute.simulator.Simulator;
import com.payroute.support.LocalServices;
import com.payroute.support.Merchants;
import com.payroute.support.Ops;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Invariant: concurrency towards a channel never exceeds the limit of the channel merchant account
 * the calls are made under: submissions and queries together, across every business line bound to
 * it and every replica (the permits live in Redis), and with Redis down too. Asserted on what the
 * channel itself saw: its peak of calls in flight, per account (the simulator tells accounts apart
 * by their credentials).
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyLimitTest {

    private static final String SHARED = "NZD";
    private static final String SEPARATE = "MXN";
    private static final int LIMIT = 5;

    @Inject
    TestChannels channels;
    @Inject
    PermitPool permits;
    @Inject
    ChannelRegistry registry;
    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    Merchants merchants;

    Merchants.Created first;
    Merchants.Created second;
    String shared;
    String separate;

    @BeforeAll
    void channels() {
        first = merchants.create("m_budget", null);
        second = merchants.create("m_budget", null);
        channels.claimCurrency(SHARED);
        channels.claimCurrency(SEPARATE);
        shared = channels.create(channels.uniqueCode("limit"), SHARED, 100, LIMIT, 3000);
        separate = channels.create(channels.uniqueCode("accounts"), SEPARATE, 100, LIMIT, 3000);
        // The channel would take far more at once: what it sees is what payroute allows. Half the
        // orders settle later, so queries run beside the submissions.
        for (String channel : List.of(shared, separate)) {
            Sim.behave(channel, Map.of("latencyMs", 60, "maxConcurrency", 100, "asyncRate", 0.5, "settleMs", 800));
        }
        // the second channel: two accounts of 5 each, one business line on each
        // new credentials wait for two people; the limit acts at once
        String review = Ops.ops().contentType("application/json").body(Map.of("credentialsRef", "budget-a", "maxConcurrency", LIMIT))
                .patch("/admin/channels/" + separate + "/accounts/default").then().statusCode(202).extract().path("id");
        Ops.approveTwice(review);
        Ops.ops().contentType("application/json")
                .body(Map.of("accountNo", "second", "credentialsRef", "budget-b", "maxConcurrency", LIMIT))
                .post("/admin/channels/" + separate + "/accounts").then().statusCode(201);
        Ops.ops().contentType("application/json").body(Map.of("accountNo", "second"))
                .put("/admin/channels/" + separate + "/bindings/" + second.id()).then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.find(separate).orElseThrow().accounts().size() == 2);
    }

    @AfterAll
    void retire() {
        channels.retire(shared, separate);
    }

    @Test
    void twoBusinessLinesOnOneAccountShareItsLimitWithTheQueries() throws Exception {
        Sim.reset(shared);
        List<String> ids = burstFromBoth(shared, SHARED);
        JsonPath seen = Sim.describe(shared);
        assertTrue(seen.getInt("peakInFlightAll") <= LIMIT, "submissions and queries in flight at once: " + seen.getInt("peakInFlightAll"));
        assertTrue(seen.getInt("peakInFlightAll") >= 3, "the limit is used, not serialised: " + seen.getInt("peakInFlightAll"));
        assertTrue(seen.getLong("queried") > 0, "queries ran beside the submissions");
        everyOneChargedOnce(ids);
    }

    @Test
    void separateAccountsHaveALimitEach() throws Exception {
        Sim.reset(separate);
        List<String> ids = burstFromBoth(separate, SEPARATE);
        JsonPath seen = Sim.describe(separate);
        int peakA = seen.getInt("peakInFlightByCredential." + Simulator.credential("Bearer sim-account-a-credential"));
        int peakB = seen.getInt("peakInFlightByCredential." + Simulator.credential("Bearer sim-account-b-credential"));
        assertTrue(peakA <= LIMIT && peakB <= LIMIT, "peaks per account: " + peakA + ", " + peakB);
        assertTrue(peakA >= 3 && peakB >= 3, "both accounts were used: " + peakA + ", " + peakB);
        assertTrue(seen.getInt("peakInFlightAll") > LIMIT, "together above one account's limit: " + seen.getInt("peakInFlightAll"));
        everyOneChargedOnce(ids);
    }

    @Test
    @EnabledIf("com.payroute.support.LocalServices#available")
    void theLimitHoldsWithRedisDown() throws Exception {
        Sim.reset(shared);
        LocalServices.run("redis-cli", "shutdown", "nosave");
        try {
            List<String> ids = burstFromBoth(shared, SHARED);
            JsonPath seen = Sim.describe(shared);
            assertTrue(seen.getInt("peakInFlightAll") <= LIMIT, "Redis down, in flight at once: " + seen.prettify());
            everyOneChargedOnce(ids);
        } finally {
            LocalServices.restartRedis(0);
        }
    }

    @Test
    void permitsHeldByAnotherReplicaCountToo() throws Exception {
        ChannelConfig config = registry.find(shared).orElseThrow();
        ChannelAccount account = config.defaultAccount();
        // Another replica holds 3 of the 5 permits of the account for the next few seconds.
        List<PermitPool.Permit> foreign = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            foreign.add(permits.acquire(config, account, Purpose.SUBMIT).await().indefinitely());
        }
        Sim.reset(shared);
        try {
            List<String> ids = burst(30, SHARED, Payments.DEMO_KEY);
            await().atMost(Duration.ofSeconds(20)).until(() -> Sim.describe(shared).getLong("received") >= 10);
            assertTrue(Sim.describe(shared).getInt("peakInFlightAll") <= LIMIT - 3,
                    "with 3 permits held elsewhere, payroute used at most 2: " + Sim.describe(shared).getInt("peakInFlightAll"));
            foreign.forEach(p -> p.release().await().indefinitely()); // the other replica is done
            awaitTerminal(ids);
        } finally {
            foreign.forEach(p -> p.release().await().indefinitely());
        }
    }

    @Test
    void leasesAreExclusiveAndExpireByThemselves() {
        ChannelConfig config = registry.find(shared).orElseThrow();
        ChannelAccount account = new ChannelAccount("lease-" + System.nanoTime(), null, LIMIT, false);
        PermitPool.Budget budget = permits.budget(account);
        assertEquals(new PermitPool.Budget(5, 4), budget, "one of five kept for the other purpose");
        List<PermitPool.Permit> held = new ArrayList<>();
        for (int i = 0; i < budget.ownLimit(); i++) {
            held.add(permits.acquire(config, account, Purpose.SUBMIT).await().indefinitely());
        }
        held.forEach(p -> assertNotNull(p));
        assertNull(permits.acquire(config, account, Purpose.SUBMIT).await().indefinitely(), "submissions may not take the last one");
        PermitPool.Permit query = permits.acquire(config, account, Purpose.QUERY).await().indefinitely();
        assertNotNull(query, "the share kept for queries");
        assertNull(permits.acquire(config, account, Purpose.QUERY).await().indefinitely(), "the account's five are all in use");
        held.get(0).release().await().indefinitely();
        assertNotNull(permits.acquire(config, account, Purpose.SUBMIT).await().indefinitely(), "a released one is free");

        // Crashed holders: leases whose expiry has passed (scores are expiry times in ms) do not
        // count; leases still running do.
        ChannelAccount crashed = new ChannelAccount("crashed-" + System.nanoTime(), null, LIMIT, false);
        String key = PermitPool.key(shared, crashed.accountNo(), Purpose.SUBMIT);
        redis.execute("ZADD", key, "1", "c1", "1", "c2", "1", "c3", "1", "c4", "1", "c5").await().indefinitely();
        assertNotNull(permits.acquire(config, crashed, Purpose.SUBMIT).await().indefinitely(), "expired leases came back");
        String alive = Long.toString(System.currentTimeMillis() + 60_000);
        redis.execute("ZADD", key, alive, "a1", alive, "a2", alive, "a3").await().indefinitely();
        assertNull(permits.acquire(config, crashed, Purpose.SUBMIT).await().indefinitely(), "live leases hold");
    }

    @Test
    void aReleaseCountsTheCallsOutcomeInTheSameCallAndGivesBackOnce() {
        ChannelConfig config = registry.find(shared).orElseThrow();
        ChannelAccount account = new ChannelAccount("counts-" + System.nanoTime(), null, LIMIT, false);
        String leases = PermitPool.key(shared, account.accountNo(), Purpose.SUBMIT);
        String hash = "{payroute}:test-counts:" + System.nanoTime();
        PermitPool.Counts counts = new PermitPool.Counts(hash, Duration.ofMinutes(1), List.of("a:ok", "a|BOC|DEBIT:ok"));
        List<PermitPool.Permit> held = new ArrayList<>();
        for (int i = 0; i < permits.budget(account).ownLimit(); i++) {
            held.add(permits.acquire(config, account, Purpose.SUBMIT).await().indefinitely());
        }
        held.forEach(p -> assertNotNull(p));

        held.get(0).release(counts).await().indefinitely();
        assertEquals(3L, redis.execute("ZCARD", leases).await().indefinitely().toLong(), "its lease is gone");
        assertEquals(1L, redis.execute("HGET", hash, "a:ok").await().indefinitely().toLong());
        assertEquals(1L, redis.execute("HGET", hash, "a|BOC|DEBIT:ok").await().indefinitely().toLong());
        long ttl = redis.execute("PTTL", hash).await().indefinitely().toLong();
        assertTrue(ttl > 0 && ttl <= 60_000, "the counters expire: " + ttl);

        // Released again (the worker's safety net after its early release): nothing more is given
        // back, so one permit is free, not two; counts handed over still count.
        held.get(0).release().await().indefinitely();
        held.get(0).release(counts).await().indefinitely();
        assertEquals(2L, redis.execute("HGET", hash, "a:ok").await().indefinitely().toLong());
        assertNotNull(permits.acquire(config, account, Purpose.SUBMIT).await().indefinitely(), "the one given back");
        assertNull(permits.acquire(config, account, Purpose.SUBMIT).await().indefinitely(), "and no second one");
        held.forEach(p -> p.release().await().indefinitely());
    }

    private List<String> burstFromBoth(String channel, String currency) throws Exception {
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> a = both.submit(() -> burst(100, currency, first.apiKey()));
            Future<List<String>> b = both.submit(() -> burst(100, currency, second.apiKey()));
            List<String> ids = new ArrayList<>(a.get());
            ids.addAll(b.get());
            awaitTerminal(ids, first, second);
            return ids;
        } finally {
            both.shutdownNow();
        }
    }

    private void everyOneChargedOnce(List<String> ids) {
        var ledger = Sim.ledger();
        for (String id : ids) {
            assertEquals(1, ledger.stream().filter(e -> id.equals(e.get("orderNo"))).mapToInt(e -> ((Number) e.get("charges")).intValue())
                    .sum(), "charged once: " + id);
        }
    }

    private void awaitTerminal(List<String> ids, Merchants.Created... owners) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> ids.stream().allMatch(id -> {
            for (Merchants.Created owner : owners) {
                var r = given().header("Authorization", "Bearer " + owner.apiKey()).get("/v1/payments/" + id);
                if (r.statusCode() == 200) {
                    return !"PROCESSING".equals(r.jsonPath().getString("status"));
                }
            }
            return false;
        }));
    }

    private void awaitTerminal(List<String> ids) {
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream()
                .allMatch(id -> !"PROCESSING".equals(Payments.get(id).getString("status"))));
    }

    private List<String> burst(int n, String currency, String apiKey) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> Payments.create(Payments.body(Payments.orderNo("BURST"), "3.00", currency, "BOC"), apiKey)
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
