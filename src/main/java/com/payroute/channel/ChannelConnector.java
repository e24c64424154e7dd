package com.payroute.channel;

import io.smallrye.mutiny.Uni;

/**
 * The one interface every channel is driven through. Implementations put their own timeout on
 * every call, answer any HTTP status below 500 as a {@link ChannelReply}, and fail for 5xx
 * ({@link ChannelServerError}), timeouts and transport errors. They never retry.
 */
public interface ChannelConnector {

    /** The connector name stored in channel.connector. */
    String name();

    Uni<ChannelReply> submit(ChannelConfig channel, ChannelOrder order);

    Uni<ChannelReply> query(ChannelConfig channel, String orderNo);
}
