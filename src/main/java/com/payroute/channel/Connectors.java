package com.payroute.channel;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** The connector a channel is configured with (channel.connector), e.g. the generic "http". */
@ApplicationScoped
public class Connectors {

    private final Map<String, ChannelConnector> byName;

    Connectors(Instance<ChannelConnector> connectors) {
        this.byName = connectors.stream().collect(Collectors.toMap(ChannelConnector::name, Function.identity()));
    }

    public ChannelConnector of(ChannelConfig channel) {
        ChannelConnector connector = byName.get(channel.connector());
        if (connector == null) {
            throw new IllegalStateException("channel " + channel.code() + " names unknown connector " + channel.connector());
        }
        return connector;
    }

    public boolean exists(String name) {
        return byName.containsKey(name);
    }
}
