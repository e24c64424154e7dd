package com.payroute.messaging;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.impl.RabbitMQClientImpl;

/**
 * One supervised AMQP connection (one channel) for one role: publishing, transaction
 * consumers, query consumers, callback consumers. Roles never share a connection, so flow
 * control or a failure on one does not stall another.
 *
 * <p>A connection is used only once the {@link InstallationFence} admitted it: the vhost is this
 * installation's. Every (re)connection is a new {@link Generation} with a fresh client: set-up callbacks run
 * again (declarations, consumers with their prefetch), and work from an older generation can
 * see that its delivery tags died with it instead of acknowledging on the wrong channel.
 */
public final class RabbitLink {

    private static final Logger LOG = Logger.getLogger(RabbitLink.class);

    /** A connected client and the number of its connection; -1 while disconnected. */
    public record Generation(long number, RabbitMQClient client, long channelInstance) {
    }

    private final String name;
    private final Vertx vertx;
    private final RabbitSettings settings;
    private final InstallationFence fence;
    private final Context context;
    private final List<Function<Generation, Uni<Void>>> onConnect = new CopyOnWriteArrayList<>();
    /** Set once the set-up callbacks are done: ready for publishing and declarations. */
    private volatile Generation current;
    /** The connection whose deliveries are live, set before the callbacks subscribe consumers. */
    private volatile long liveGeneration = -1;
    private volatile boolean connecting;
    private volatile boolean closed;
    private long generations;
    private long supervisorTimer = -1;
    private CompletableFuture<Void> serial = CompletableFuture.completedFuture(null);

    RabbitLink(String name, Vertx vertx, RabbitSettings settings, InstallationFence fence) {
        this.name = name;
        this.vertx = vertx;
        this.settings = settings;
        this.fence = fence;
        this.context = vertx.getDelegate().getOrCreateContext();
    }

    /** Runs on every new connection, in registration order, before the link reports connected. */
    public void onConnect(Function<Generation, Uni<Void>> callback) {
        onConnect.add(callback);
    }

    public void start() {
        long interval = settings.config().reconnectInterval().toMillis();
        supervisorTimer = vertx.setPeriodic(interval, id -> supervise());
        connect();
    }

    public boolean isConnected() {
        Generation g = current;
        return g != null && g.client().isConnected();
    }

    /** The current generation, or a failure when disconnected. */
    public Generation generation() {
        Generation g = current;
        if (g == null) {
            throw new BrokerUnavailableException(name + " is not connected");
        }
        return g;
    }

    /**
     * Whether {@code g} is still the live connection, so delivery tags from it are still valid.
     * True already while the set-up callbacks run: consumers subscribed early receive (and settle)
     * messages before the link is fully ready.
     */
    public boolean isCurrent(Generation g) {
        return g.number() == liveGeneration;
    }

    /**
     * Runs broker operations of one link one after another: basic.qos only applies to
     * consumers created after it on the same channel, so qos and consume must not interleave.
     */
    public synchronized Uni<Void> serially(Supplier<Uni<Void>> operation) {
        CompletableFuture<Void> next = serial.handle((ok, failed) -> null)
                .thenCompose(v -> operation.get().subscribeAsCompletionStage());
        serial = next;
        return Uni.createFrom().completionStage(next);
    }

    public Context context() {
        return context;
    }

    public Uni<Void> close() {
        closed = true;
        liveGeneration = -1;
        if (supervisorTimer >= 0) {
            vertx.cancelTimer(supervisorTimer);
        }
        Generation g = current;
        current = null;
        return g == null ? Uni.createFrom().voidItem()
                : g.client().stop().onFailure().recoverWithNull().replaceWithVoid();
    }

    private void supervise() {
        if (closed || connecting) {
            return;
        }
        Generation g = current;
        if (g == null) {
            connect();
            return;
        }
        boolean healthy = g.client().isConnected() && g.client().isOpenChannel()
                && channelInstance(g.client()) == g.channelInstance();
        if (!healthy) {
            LOG.warnf("RabbitMQ link %s lost its connection or channel; reconnecting", name);
            current = null;
            liveGeneration = -1;
            g.client().stop().subscribe().with(ok -> connect(), failed -> connect());
        }
    }

    /**
     * Connects on the serial chain, so that broker operations queued meanwhile (declarations,
     * consumers) run after the set-up callbacks, against the new generation.
     */
    private void connect() {
        if (closed || connecting) {
            return;
        }
        connecting = true;
        RabbitMQClient client = RabbitMQClient.create(vertx, settings.options("payroute-" + name));
        serially(() -> client.start()
                .chain(() -> fence.admit(client))
                .chain(() -> {
                    Generation g = new Generation(++generations, client, channelInstance(client));
                    liveGeneration = g.number();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Function<Generation, Uni<Void>> callback : onConnect) {
                        chain = chain.chain(() -> callback.apply(g));
                    }
                    return chain.replaceWith(g);
                })
                .invoke(g -> {
                    // the callbacks may have opened a replacement channel; remember the one that holds the consumers
                    current = new Generation(g.number(), client, channelInstance(client));
                    LOG.infof("RabbitMQ link %s connected (generation %d)", name, g.number());
                })
                .replaceWithVoid())
                .subscribe().with(ok -> connecting = false, failure -> {
                    connecting = false;
                    liveGeneration = -1;
                    if (failure instanceof InstallationFence.Fenced) {
                        LOG.debugf("RabbitMQ link %s stays off a vhost of another installation", name);
                    } else {
                        LOG.warnf("RabbitMQ link %s could not connect: %s; retrying", name, failure.toString());
                    }
                    client.stop().subscribe().with(stopped -> {
                    }, ignored -> {
                    });
                });
    }

    private static long channelInstance(RabbitMQClient client) {
        return client.getDelegate() instanceof RabbitMQClientImpl impl ? impl.getChannelInstance() : 0;
    }
}
