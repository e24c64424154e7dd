package com.payroute.channel;

import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import org.jboss.logging.Logger;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * A circuit breaker per channel and purpose (submit, query), built programmatically because
 * channels are data. Only transport failures and 5xx count against it: a definitive FAILED or
 * a 429 is the channel working. The guard has no retry: one layer of retries only.
 */
@ApplicationScoped
public class ChannelGuards {

    private static final Logger LOG = Logger.getLogger(ChannelGuards.class);
    private static final TypeLiteral<Uni<ChannelReply>> REPLY = new TypeLiteral<>() {
    };

    private record Key(String channel, Purpose purpose) {
    }

    private final ChannelsConfig config;
    private final Map<Key, TypedGuard<Uni<ChannelReply>>> guards = new ConcurrentHashMap<>();
    private final Map<Key, CircuitBreakerState> states = new ConcurrentHashMap<>();

    ChannelGuards(ChannelsConfig config) {
        this.config = config;
    }

    public Uni<ChannelReply> call(String channel, Purpose purpose, Supplier<Uni<ChannelReply>> call) {
        return guards.computeIfAbsent(new Key(channel, purpose), this::build).get(call);
    }

    public CircuitBreakerState state(String channel, Purpose purpose) {
        return states.getOrDefault(new Key(channel, purpose), CircuitBreakerState.CLOSED);
    }

    /** Whether routing should keep this channel to exploration traffic only. */
    public boolean isOpen(String channel) {
        return state(channel, Purpose.SUBMIT) == CircuitBreakerState.OPEN;
    }

    private TypedGuard<Uni<ChannelReply>> build(Key key) {
        ChannelsConfig.Breaker breaker = config.breaker();
        return TypedGuard.create(REPLY)
                .withDescription("channel " + key.channel() + " " + key.purpose())
                .withCircuitBreaker()
                .name("channel-" + key.channel() + "-" + key.purpose().tag())
                .requestVolumeThreshold(breaker.requestVolumeThreshold())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(breaker.successThreshold())
                .onStateChange(state -> {
                    states.put(key, state);
                    LOG.infof("circuit of channel %s (%s) is now %s", key.channel(), key.purpose(), state);
                })
                .done()
                .build();
    }
}
