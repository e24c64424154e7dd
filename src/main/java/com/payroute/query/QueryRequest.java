package com.payroute.query;

import com.payroute.payment.ClaimedAttempt;

/** "Ask the channel about this attempt": step {@code step} of its query schedule. */
public record QueryRequest(String attemptId, String paymentId, String merchantId, String channelCode, int step) {

    public static QueryRequest of(ClaimedAttempt attempt, int step) {
        return new QueryRequest(attempt.attemptId(), attempt.paymentId(), attempt.merchantId(), attempt.channelCode(), step);
    }

    QueryRequest next() {
        return new QueryRequest(attemptId, paymentId, merchantId, channelCode, step + 1);
    }
}
