package com.payroute.messaging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Moves what the broker dead-lettered ({@code payroute.dead}: poison messages, or messages over a
 * queue's delivery limit) into PostgreSQL, where ops list and replay them (a queue cannot be listed
 * without taking messages out of it). Each is stored once (a redelivered one finds its fingerprint)
 * and acknowledged only once stored; while PostgreSQL is down the messages stay in the queue.
 * {@code payroute_dead_letters} counts the ones not replayed yet, for the alert.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    /**
     * Set on a replayed letter: if it dies again, its new letter differs from the first even within the
     * same second (x-death times have second resolution), while a redelivered letter still matches itself.
     */
    static final String REPLAY_HEADER = "payroute-replay-of";

    /** A stored dead letter, to be published again where it died. */
    public record Letter(long id, String exchange, String routingKey, String messageId, String body) {
    }

    private final Pool pool;
    private final MessagePublisher publisher;
    private final QueueConsumers consumers;
    private final RabbitTopology topology;
    private final AtomicLong open = new AtomicLong();

    DeadLetters(Pool pool, MessagePublisher publisher, ConsumerLinks links, RabbitTopology topology, MeterRegistry meters) {
        this.pool = pool;
        this.publisher = publisher;
        this.consumers = links.open("dead");
        this.topology = topology;
        Gauge.builder("payroute.dead.letters", open, AtomicLong::get)
                .description("Dead-lettered messages not replayed yet").register(meters);
    }

    void start(@Observes @Priority(45) StartupEvent event) {
        consumers.start();
        consumers.consumeAnyBody(RabbitTopology.DEAD_QUEUE, 16, topology::declareDeadQueue, this::store)
                .subscribe().with(ok -> {
                }, failure -> LOG.warnf("dead-letter queue not consumed yet: %s", failure.toString()));
    }

    Uni<Disposition> store(Delivery delivery) {
        Map<String, Object> death = lastDeath(delivery.headers());
        String queue = text(death.get("queue"), "unknown");
        String reason = text(death.get("reason"), "rejected");
        OffsetDateTime diedAt = death.get("time") instanceof Date time ? time.toInstant().atOffset(ZoneOffset.UTC)
                : OffsetDateTime.now(ZoneOffset.UTC);
        RabbitTopology.Target target = RabbitTopology.replayTarget(queue);
        byte[] fingerprint = sha256(queue + "\n" + delivery.messageId() + "\n" + diedAt.toInstant().toEpochMilli() + "\n"
                + text(death.get("count"), "1") + "\n" + text(delivery.headers().get(REPLAY_HEADER), "") + "\n" + delivery.rawBody());
        return pool.preparedQuery("insert into dead_letter (fingerprint, queue, exchange, routing_key, reason, message_id, body, died_at) "
                + "values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (fingerprint) do nothing")
                .execute(Tuple.tuple().addValue(Buffer.buffer(fingerprint)).addString(queue).addString(target.exchange())
                        .addString(target.routingKey()).addString(reason).addString(delivery.messageId())
                        .addString(delivery.rawBody()).addValue(diedAt))
                .invoke(rows -> {
                    if (rows.rowCount() == 1) {
                        LOG.errorf("message %s dead-lettered from %s (%s); stored for ops to replay", delivery.messageId(), queue, reason);
                    }
                })
                .replaceWith(Disposition.ACK)
                .onFailure().recoverWithItem(Disposition.RETRY);
    }

    /** Publishes a stored letter again where it came from; fails when the broker did not confirm. */
    public Uni<Void> republish(Letter letter) {
        return publisher.publish(letter.exchange(), letter.routingKey(),
                letter.messageId() == null ? "replay-" + letter.id() : letter.messageId(), new JsonObject(letter.body()),
                Map.<String, Object>of(REPLAY_HEADER, Long.toString(letter.id())));
    }

    @Scheduled(every = "${payroute.messaging.depth-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> count() {
        return pool.query("select count(*) from dead_letter where replayed_at is null").execute()
                .invoke(rows -> open.set(rows.iterator().next().getLong(0)))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lastDeath(Map<String, Object> headers) {
        Object deaths = headers.get("x-death");
        if (deaths instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> first) {
            return (Map<String, Object>) first;
        }
        return Map.of("time", Date.from(Instant.now()));
    }

    private static String text(Object value, String fallback) {
        return value == null ? fallback : value.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
