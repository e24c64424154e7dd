package com.payroute.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.payroute.channel.PermitPool;
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

    @Test
    void aSubmissionIsAdmittedOnlyUnderItsShareAndTheLimit() {
        PermitPool.Budget budget = PermitPool.Budget.of(5, 0.2); // 5 in all, 4 at most for submissions
        Leases leases = new Leases.Builder()
                .add("sim-a", "acct-1", Purpose.SUBMIT, 3).add("sim-a", "acct-1", Purpose.QUERY, 1)
                .add("sim-a", "acct-2", Purpose.SUBMIT, 4)
                .add("sim-a", "acct-3", Purpose.SUBMIT, 2).add("sim-a", "acct-3", Purpose.QUERY, 3)
                .build();
        assertTrue(leases.admitsSubmission("sim-a", "acct-1", budget), "3 + 1 of 5, 3 of 4");
        assertFalse(leases.admitsSubmission("sim-a", "acct-2", budget), "submissions hold their whole share");
        assertFalse(leases.admitsSubmission("sim-a", "acct-3", budget), "the account's limit is reached");
        assertTrue(leases.admitsSubmission("sim-b", "acct-1", budget), "nothing known of it: nothing held");
    }
}
