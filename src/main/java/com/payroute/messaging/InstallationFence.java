package com.payroute.messaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.failure.Causes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Keeps a replica off a broker vhost that belongs to another installation (a grey or test
 * deployment pointed at production's broker once consumed production's messages).
 *
 * <p>Each installation has an id, created by its first migration. The first replica to connect
 * claims the vhost by declaring the queue {@value #CLAIM_QUEUE} with {@code x-max-length} set to a
 * fingerprint of its id: a declaration is atomic, and the broker refuses to re-declare an existing
 * queue with another {@code x-max-length} (PRECONDITION_FAILED). So a replica of another
 * installation fails that check on every connection, and its links never report connected: it
 * neither consumes nor publishes, says why in its log once and in readiness, and tries again every
 * reconnect interval (an operator who really moves an installation deletes the claim queue).
 */
@ApplicationScoped
public class InstallationFence {

    private static final Logger LOG = Logger.getLogger(InstallationFence.class);
    public static final String CLAIM_QUEUE = "payroute.installation";

    /** This link's broker belongs to another installation. */
    public static final class Fenced extends RuntimeException {
        Fenced(String message) {
            super(message, null, false, false);
        }
    }

    private final Pool pool;
    private final RabbitSettings settings;
    private final AtomicReference<String> installationId = new AtomicReference<>();
    private volatile String refusal;

    InstallationFence(Pool pool, RabbitSettings settings, MeterRegistry meters) {
        this.pool = pool;
        this.settings = settings;
        Gauge.builder("payroute.broker.admitted", this, fence -> fence.refusal == null ? 1 : 0)
                .description("1 while this replica may use the broker's vhost, 0 while fenced off it").register(meters);
    }

    /** Succeeds when {@code client}'s vhost is this installation's (claiming it if unclaimed). */
    Uni<Void> admit(RabbitMQClient client) {
        return id().chain(id -> client.queueDeclare(CLAIM_QUEUE, true, false, false,
                new JsonObject().put("x-queue-type", "classic").put("x-max-length", fingerprint(id)))
                .onFailure().transform(failure -> isPreconditionFailed(failure) ? refuse(id) : failure))
                .invoke(ok -> {
                    if (refusal != null) {
                        LOG.infof("RabbitMQ vhost %s is this installation's again (%s)", settings.virtualHost, installationId.get());
                    }
                    refusal = null;
                })
                .replaceWithVoid();
    }

    /** Why this replica stays off the broker, or null when it does not. */
    public String refusal() {
        return refusal;
    }

    public String installationId() {
        return installationId.get();
    }

    private Throwable refuse(String id) {
        String why = "RabbitMQ vhost '" + settings.virtualHost + "' was claimed by another payroute installation (its "
                + CLAIM_QUEUE + " queue carries another fingerprint); this replica's database is installation " + id
                + ", so it neither consumes nor publishes there";
        if (!why.equals(refusal)) {
            LOG.error(why);
        }
        refusal = why;
        return new Fenced(why);
    }

    private Uni<String> id() {
        String known = installationId.get();
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return pool.query("select id::text from installation").execute()
                .map(rows -> {
                    String id = rows.iterator().next().getString(0);
                    installationId.set(id);
                    return id;
                });
    }

    static long fingerprint(String installationId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(installationId.getBytes(StandardCharsets.UTF_8));
            // 47 bits: a positive length limit the broker accepts; the queue itself is never used
            return ByteBuffer.wrap(digest).getLong() >>> 17;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isPreconditionFailed(Throwable failure) {
        return Causes.any(failure, t -> String.valueOf(t.getMessage()).contains("PRECONDITION_FAILED"));
    }
}
