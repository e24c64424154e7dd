package com.payroute.channel;

import java.util.Collection;

/** Fired (synchronously, on the reloading thread) after the registry took a new snapshot. */
public record ChannelsChanged(Collection<ChannelConfig> channels) {
}
