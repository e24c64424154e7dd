package com.payroute.query;

import com.payroute.payment.ClaimedAttempt;

/**
 * "Ask the channel about this attempt": step {@code step} of its query schedule, under the channel
 * account the order was sent with.
 */
public record QueryRequest(String attemptId, String paymentId, String merchantId, String channelCode, String accountNo,
        int step) {

    public static QueryRequest of(ClaimedAttempt attempt, int step) {
        return new QueryRequest(attempt.attemptId(), attempt.paymentId(), attempt.merchantId(), attempt.channelCode(),
                attempt.accountNo(), step);
    }

    QueryRequest next() {
        return new QueryRequest(attemptId, paymentId, merchantId, channelCode, accountNo, step + 1);
    }
}
