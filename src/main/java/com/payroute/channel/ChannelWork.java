package com.payroute.channel;

import com.payroute.messaging.Delivery;
import com.payroute.messaging.Disposition;

import io.smallrye.mutiny.Uni;

/**
 * One kind of message on the channels' transaction or query queues ("attempt" for payments,
 * "refund" for refunds), handled by the package that owns it. {@link ChannelQueues} consumes the
 * queues and hands each message to the work of its purpose and kind: the tx/query split and the
 * prefetch per channel hold for every kind alike.
 */
public interface ChannelWork {

    /** SUBMIT: the channel's transaction queue; QUERY: its query queue. */
    Purpose purpose();

    /** The value of the message's {@value ChannelQueues#KIND} field this work handles. */
    String kind();

    /** Handles one message from {@code channelCode}'s queue; acknowledged as the disposition says. */
    Uni<Disposition> handle(String channelCode, Delivery delivery);
}
