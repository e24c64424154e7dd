package com.payroute.routing;

/**
 * A channel that could carry the payment, as routing sees it at decision time.
 *
 * @param weight       ops weight (positive)
 * @param successRate  smoothed success rate over the window
 * @param evidence     outcomes that rate rests on, each weighted by its age as in the rate (0: inferred from
 *                     the channel and the segment elsewhere)
 * @param circuitOpen  the channel's circuit is open on this replica
 * @param hasRoom      a permit is (as far as the last snapshot knows) free for this merchant
 */
public record Candidate(String code, int weight, double successRate, double evidence, boolean circuitOpen, boolean hasRoom) {
}
