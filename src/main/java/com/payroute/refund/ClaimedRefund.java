package com.payroute.refund;

import java.math.BigDecimal;

/**
 * A refund with what is needed to call its channel, as the statement that claimed or loaded it
 * returned it. {@code channelCode} and {@code accountNo} are the original route: the channel and
 * account that charged the payment.
 */
public record ClaimedRefund(String refundId, String paymentId, String merchantId, String channelCode, String accountNo,
        BigDecimal amount, String currency) {

    static final String COLUMNS = "r.id as refund_id, r.payment_id, r.merchant_id, r.channel_code, r.account_no, r.amount, r.currency";

    static ClaimedRefund of(io.vertx.mutiny.sqlclient.Row row) {
        return new ClaimedRefund(row.getString("refund_id"), row.getString("payment_id"), row.getString("merchant_id"),
                row.getString("channel_code"), row.getString("account_no"), row.getBigDecimal("amount"), row.getString("currency"));
    }

    /** This refund as its transaction message carries it. */
    public RefundQueue.Submission submission() {
        return new RefundQueue.Submission(refundId, paymentId, merchantId, channelCode, accountNo);
    }

    /** This refund's query step {@code step}, as its query message carries it. */
    public RefundQueue.Query query(int step) {
        return new RefundQueue.Query(refundId, paymentId, merchantId, channelCode, accountNo, step);
    }
}
