package com.payroute.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.payroute.channel.Purpose;

/** Routing's view of permits in use: by channel, account and purpose, nothing known counting as none. */
class LeasesTest {

    @Test
    void eachChannelAccountAndPurposeKeepsItsOwnCount() {
        Leases.Builder builder = new Leases.Builder()
                .add("sim-a", "acct-1", Purpose.SUBMIT, 3)
                .add("sim-a", "acct-1", Purpose.QUERY, 1)
                .add("sim-a", "acct-2", Purpose.SUBMIT, 7)
                .add("sim-b", "acct-1", Purpose.QUERY, 5);
        Leases leases = builder.build();
        assertEquals(3, leases.inFlight("sim-a", "acct-1", Purpose.SUBMIT));
        assertEquals(1, leases.inFlight("sim-a", "acct-1", Purpose.QUERY));
        assertEquals(7, leases.inFlight("sim-a", "acct-2", Purpose.SUBMIT));
        assertEquals(0, leases.inFlight("sim-a", "acct-2", Purpose.QUERY));
        assertEquals(5, leases.inFlight("sim-b", "acct-1", Purpose.QUERY));
        assertEquals(0, leases.inFlight("sim-b", "acct-1", Purpose.SUBMIT));
        assertEquals(0, leases.inFlight("sim-c", "acct-1", Purpose.SUBMIT), "a channel nothing is known of");
        assertEquals(0, Leases.NONE.inFlight("sim-a", "acct-1", Purpose.SUBMIT));

        builder.add("sim-a", "acct-1", Purpose.SUBMIT, 9);
        assertEquals(3, leases.inFlight("sim-a", "acct-1", Purpose.SUBMIT), "a built snapshot does not change");
    }
}
