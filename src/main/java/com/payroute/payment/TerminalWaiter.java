package com.payroute.payment;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Lets a request with {@code Prefer: wait=N} sleep until its payment is terminal. The
 * transaction that ends a payment sends a PostgreSQL NOTIFY, so a payment finished by any
 * replica wakes the waiter here. If the listening connection is down, waiters simply time out
 * and read the payment again: slower, never wrong.
 */
@ApplicationScoped
public class TerminalWaiter {

    private static final Logger LOG = Logger.getLogger(TerminalWaiter.class);

    private final Vertx vertx;
    private final Map<String, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();
    private PgSubscriber subscriber;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    java.util.Optional<String> username;
    @ConfigProperty(name = "quarkus.datasource.password")
    java.util.Optional<String> password;

    TerminalWaiter(Vertx vertx) {
        this.vertx = vertx;
    }

    void listen(@Observes @Priority(30) StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(TerminalHooks.CHANNEL).handler(this::wake);
        subscriber.connect().subscribe().with(ok -> LOG.debug("listening for terminal payments"),
                failure -> LOG.warnf("not listening for terminal payments (%s); Prefer: wait falls back to its timeout",
                        failure.toString()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /**
     * Registers interest before the caller re-reads the payment, so a completion between the
     * read and the wait is not missed; completes on terminal or after {@code max}.
     */
    public Waiting register(String paymentId) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiters.computeIfAbsent(paymentId, id -> ConcurrentHashMap.newKeySet()).add(done);
        return new Waiting(paymentId, done);
    }

    public final class Waiting {
        private final String paymentId;
        private final CompletableFuture<Void> done;

        private Waiting(String paymentId, CompletableFuture<Void> done) {
            this.paymentId = paymentId;
            this.done = done;
        }

        public Uni<Void> await(Duration max) {
            return Uni.createFrom().completionStage(done)
                    .ifNoItem().after(max).recoverWithItem((Void) null)
                    .onTermination().invoke(this::cancel);
        }

        public void cancel() {
            waiters.computeIfPresent(paymentId, (id, set) -> {
                set.remove(done);
                return set.isEmpty() ? null : set;
            });
        }
    }

    private void wake(String paymentId) {
        Set<CompletableFuture<Void>> waiting = waiters.remove(paymentId);
        if (waiting != null) {
            waiting.forEach(f -> f.complete(null));
        }
    }
}
