package com.payroute.payment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.payroute.support.Fixtures;
import com.payroute.support.Payments;
import com.payroute.support.Sim;
import com.payroute.support.TestChannels;
import com.payroute.support.TestClock;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Service windows: a channel sends payouts only inside its windows, in its own time zone. A payout
 * that no channel would take now but one will later waits (not FAILED) and goes when the window
 * opens; the clock is moved, never slept on.
 */
@QuarkusTest
class PayoutWindowTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Inject
    TestChannels channels;
    @Inject
    Fixtures fixtures;
    @Inject
    TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void aPayoutOutsideEveryWindowWaitsAndIsSentWhenTheWindowOpens() {
        channels.claimCurrency("BYN");
        String channel = channels.create(channels.uniqueCode("window"), "BYN", 100, 10, 2000);
        channels.update(channel, "payout_windows = $2, timezone = 'Asia/Shanghai'", (Object) new String[] { "09:00-10:00" });
        LocalDate tomorrow = LocalDate.now(SHANGHAI).plusDays(1);
        try {
            clock.set(tomorrow.atTime(LocalTime.of(8, 0)).atZone(SHANGHAI).toInstant());
            String payout = Payments.create(Payments.with(Payments.body(Payments.orderNo("WIN"), "40.00", "BYN", "ICBC"), "type", "PAYOUT"))
                    .then().statusCode(202).extract().path("id");
            assertEquals("PROCESSING", Payments.get(payout).getString("status"), "waits, not FAILED");
            assertEquals(0L, fixtures.attempts(payout), "sent nowhere yet");
            assertEquals(tomorrow.atTime(9, 0).atZone(SHANGHAI).toInstant(),
                    Instant.parse(fixtures.value("select to_char(route_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                            + "from payment where id = $1", payout)));
            // a DEBIT has no windows
            String debit = Payments.createAndWait(Payments.body(Payments.orderNo("WIN-D"), "41.00", "BYN", "ICBC"), 10)
                    .then().statusCode(202).extract().path("id");
            assertEquals("SUCCEEDED", Payments.get(debit).getString("status"));

            clock.set(tomorrow.atTime(LocalTime.of(9, 0, 5)).atZone(SHANGHAI).toInstant());
            assertEquals("SUCCEEDED", Payments.awaitTerminal(payout, Duration.ofSeconds(20)).getString("status"));
            assertEquals(List.of(channel), Sim.takenBy(payout));
            assertNull(fixtures.value("select route_at from payment where id = $1", payout));
        } finally {
            channels.retire(channel);
        }
    }

    @Test
    void aChannelInsideItsWindowTakesThePayoutAtOnce() {
        channels.claimCurrency("AMD");
        String closed = channels.create(channels.uniqueCode("win-closed"), "AMD", 1000, 10, 2000);
        String open = channels.create(channels.uniqueCode("win-open"), "AMD", 1, 10, 2000);
        channels.update(closed, "payout_windows = $2, timezone = 'Asia/Shanghai'", (Object) new String[] { "09:00-10:00" });
        channels.update(open, "payout_windows = $2, timezone = 'Asia/Shanghai'", (Object) new String[] { "22:00-02:00" });
        try {
            clock.set(LocalDate.now(SHANGHAI).plusDays(1).atTime(LocalTime.of(23, 30)).atZone(SHANGHAI).toInstant());
            String payout = Payments.createAndWait(Payments.with(Payments.body(Payments.orderNo("WIN2"), "5", "AMD", "ICBC"),
                    "type", "PAYOUT"), 10).then().statusCode(202).extract().path("id");
            await().atMost(Duration.ofSeconds(10)).until(() -> !Sim.takenBy(payout).isEmpty());
            assertEquals(List.of(open), Sim.takenBy(payout), "the window running over midnight is open, the other is not");
        } finally {
            channels.retire(closed, open);
        }
    }
}
