package com.payroute.channel;

/**
 * A channel's HTTP answer below 500. {@code reference} is the number the body names (the
 * {@code orderNo} of an order's answer, the {@code refundNo} of a refund's); {@code status} is the
 * status from the body (SUCCEEDED, FAILED, PROCESSING) when the body had one.
 */
public record ChannelReply(int httpStatus, String reference, String status, String code, String message, long latencyMs) {
}
