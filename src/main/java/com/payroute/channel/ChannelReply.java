package com.payroute.channel;

/**
 * A channel's HTTP answer below 500. {@code status} is the order status from the body
 * (SUCCEEDED, FAILED, PROCESSING) when the body had one.
 */
public record ChannelReply(int httpStatus, String orderNo, String status, String code, String message, long latencyMs) {
}
