package com.payroute.channel;

import io.smallrye.mutiny.Uni;

/**
 * The one interface every channel is driven through. Implementations carry the credentials of the
 * merchant account the call is made under, put the channel's timeouts on every call, read at most a
 * bounded answer, answer any HTTP status below 500 as a {@link ChannelReply}, and fail for 5xx
 * ({@link ChannelServerError}), timeouts and transport errors. They never retry.
 */
public interface ChannelConnector {

    /** The connector name stored in channel.connector. */
    String name();

    Uni<ChannelReply> submit(ChannelConfig channel, ChannelAccount account, ChannelOrder order);

    Uni<ChannelReply> query(ChannelConfig channel, ChannelAccount account, String orderNo);

    /** {@code POST /refunds}: the same answers, with the same meaning, as {@link #submit}. */
    Uni<ChannelReply> refund(ChannelConfig channel, ChannelAccount account, ChannelRefund refund);

    /** {@code GET /refunds/{refundNo}}: the same answers, with the same meaning, as {@link #query}. */
    Uni<ChannelReply> queryRefund(ChannelConfig channel, ChannelAccount account, String refundNo);

    /**
     * {@code GET /statements/{day}} under the channel's default account: the CSV as a stream, read as it
     * arrives and never held whole, or empty while the channel answers 404 (not ready yet). Blocking:
     * call it off the event loop, and close the stream.
     */
    java.util.Optional<java.io.InputStream> statement(ChannelConfig channel, java.time.LocalDate day) throws java.io.IOException;
}
