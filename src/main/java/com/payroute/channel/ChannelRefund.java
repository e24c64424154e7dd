package com.payroute.channel;

/**
 * A refund as a channel receives it (API.md section 2): {@code refundNo} is payroute's refund id (so
 * the channel can de-duplicate), {@code orderNo} the payment id the channel charged; {@code amount}
 * is already a decimal string.
 */
public record ChannelRefund(String refundNo, String orderNo, String amount, String currency) {
}
