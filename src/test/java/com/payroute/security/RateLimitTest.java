package com.payroute.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.payroute.support.Fixtures;
import com.payroute.support.LoadGenerator;
import com.payroute.support.Merchants;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A merchant limited to 50 requests a second that sends 200 a second gets about 50 a second accepted
 * and the rest 429 RATE_LIMITED with Retry-After, nothing stored for them; another merchant sending
 * meanwhile is not refused. Its latency quiet and during the flood is printed (figures for the closing
 * note, not asserted: timing on a shared 2-core machine is no test).
 */
@QuarkusTest
class RateLimitTest {

    private static final int LIMIT = 50;
    private static final int FLOOD = 200;
    private static final int SECONDS = 3;

    @Inject
    Merchants merchants;
    @Inject
    Fixtures fixtures;

    @Test
    void aMerchantOverItsRateIsRefusedAndNothingIsStored() throws Exception {
        String url = "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        Merchants.Created limited = merchants.createWith("limited", Map.of("rateLimitPerSecond", LIMIT));
        Merchants.Created other = merchants.createWith("neighbour", Map.of());

        List<LoadGenerator.Answer> quiet;
        try (LoadGenerator neighbour = new LoadGenerator(url, other.apiKey(), "QUIET").start(20)) {
            Thread.sleep(SECONDS * 1000L);
            neighbour.stop();
            quiet = neighbour.answers();
        }

        List<LoadGenerator.Answer> flood;
        List<LoadGenerator.Answer> during;
        long started = System.nanoTime();
        try (LoadGenerator flooder = new LoadGenerator(url, limited.apiKey(), "FLOOD").start(FLOOD);
                LoadGenerator neighbour = new LoadGenerator(url, other.apiKey(), "DURING").start(20)) {
            Thread.sleep(SECONDS * 1000L);
            flooder.stop();
            neighbour.stop();
            flood = flooder.answers();
            during = neighbour.answers();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;

        long accepted = flood.stream().filter(a -> a.status() == 202).count();
        long refused = flood.stream().filter(a -> a.status() == 429).count();
        assertEquals(flood.size(), accepted + refused, "every answer is 202 or 429: " + flood.stream().map(LoadGenerator.Answer::status).distinct().toList());
        assertTrue(refused > 0, "over its rate: refused");
        // The bucket holds one second's worth (50) and fills at 50/s: never more than that is accepted.
        assertTrue(accepted <= LIMIT + LIMIT * elapsed + 5, "accepted " + accepted + " in " + elapsed + " s");
        assertTrue(accepted >= 0.7 * Math.min(flood.size(), LIMIT * SECONDS), "about its rate accepted: " + accepted);
        assertEquals(Long.toString(accepted), fixtures.value("select count(*) from payment where merchant_id = $1", limited.id()),
                "a refused request stores nothing");
        assertTrue(during.stream().allMatch(a -> a.status() == 202), "the other merchant is never refused");

        assertTrue(flood.stream().filter(a -> a.status() == 429)
                .allMatch(a -> "RATE_LIMITED".equals(a.code()) && a.retryAfter() != null && Integer.parseInt(a.retryAfter()) >= 1),
                "429 RATE_LIMITED with Retry-After");

        System.out.printf("RateLimitTest: %s sent %d in %.1f s (%.0f/s): %d accepted (%.1f/s), %d refused; "
                + "neighbour p99 quiet %d ms, during the flood %d ms%n", limited.id(), flood.size(), elapsed, flood.size() / elapsed,
                accepted, accepted / elapsed, refused, p99(quiet), p99(during));
    }

    private static long p99(List<LoadGenerator.Answer> answers) {
        long[] millis = answers.stream().mapToLong(LoadGenerator.Answer::millis).sorted().toArray();
        return millis.length == 0 ? -1 : millis[(int) Math.min(millis.length - 1, Math.ceil(millis.length * 0.99) - 1)];
    }
}
