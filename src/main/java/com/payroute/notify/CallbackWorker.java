package com.payroute.notify;

import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.payroute.channel.WorkerConfig;
import com.payroute.messaging.ConsumerLinks;
import com.payroute.messaging.Delivery;
import com.payroute.messaging.Disposition;
import com.payroute.messaging.MessagePublisher;
import com.payroute.messaging.QueueConsumers;
import com.payroute.messaging.RabbitTopology;
import com.payroute.security.AccountCipher;
import com.payroute.security.CredentialsChanged;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Delivers callbacks (API.md section 1) from each merchant's queue, so one merchant's hanging
 * endpoint delays nobody else. Each message is one try: take it (a duplicate takes nothing), send it
 * ({@link CallbackSender}), then record DELIVERED (any 2xx), schedule the next try, or mark the
 * callback DEAD after the last.
 */
@ApplicationScoped
public class CallbackWorker {

    private static final Logger LOG = Logger.getLogger(CallbackWorker.class);

    private final QueueConsumers consumers;
    private final Pool pool;
    private final CallbackQueue queue;
    private final CallbackSender sender;
    private final MessagePublisher publisher;
    private final RabbitTopology topology;
    private final NotifyConfig config;
    private final WorkerConfig worker;
    private final MeterRegistry registry;
    private final AccountCipher cipher;

    CallbackWorker(ConsumerLinks links, Pool pool, CallbackQueue queue, CallbackSender sender, MessagePublisher publisher,
            RabbitTopology topology, NotifyConfig config, WorkerConfig worker, MeterRegistry registry, AccountCipher cipher) {
        this.cipher = cipher;
        this.consumers = links.open("notify");
        this.pool = pool;
        this.queue = queue;
        this.sender = sender;
        this.publisher = publisher;
        this.topology = topology;
        this.config = config;
        this.worker = worker;
        this.registry = registry;
        for (String outcome : new String[] { "delivered", "failed", "dead" }) {
            registry.counter("payroute.callbacks", "outcome", outcome); // exposed from the start, for the alerts
        }
    }

    void start(@Observes @Priority(42) StartupEvent event) {
        if (!worker.consume()) {
            return;
        }
        config.schedule().stream().distinct().forEach(delay -> publisher.declareDelay(RabbitTopology.NOTIFY_EXCHANGE, delay)
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("callback delay %s declared on connection instead: %s", delay, failure)));
        consumers.start();
        consumeMerchants().subscribe().with(ok -> {
        }, failure -> LOG.warnf("merchant callback queues not consumed yet: %s", failure.toString()));
    }

    /** Every merchant's callback queue is consumed; new merchants are picked up here. */
    @Scheduled(every = "${payroute.notify.merchant-refresh:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> consumeMerchants() {
        if (!worker.consume()) {
            return Uni.createFrom().voidItem();
        }
        return pool.query("select id from merchant").execute().invoke(rows -> {
            for (Row row : rows) {
                consume(row.getString("id"));
            }
        }).replaceWithVoid();
    }

    /** A merchant may have been added: its callback queue is consumed at once, not at the next refresh. */
    void credentialsChanged(@Observes CredentialsChanged change) {
        consumeMerchants().subscribe().with(ok -> {
        }, failure -> LOG.warnf("merchant callback queues not refreshed: %s", failure.toString()));
    }

    /** Makes sure this replica consumes {@code merchantId}'s callback queue. */
    public void consume(String merchantId) {
        if (!worker.consume()) {
            return;
        }
        consumers.consume(RabbitTopology.notifyQueue(merchantId), config.concurrency(),
                client -> topology.declareMerchant(client, merchantId), this::deliver)
                .subscribe().with(ok -> {
                }, failure -> LOG.warnf("callback queue of %s not consumed yet: %s", merchantId, failure.toString()));
    }

    Uni<Disposition> deliver(Delivery delivery) {
        CallbackQueue.CallbackTry callback;
        try {
            callback = CallbackQueue.read(delivery.body());
        } catch (IllegalArgumentException e) {
            LOG.errorf("unreadable callback message on %s dead-lettered", delivery.queue());
            return Uni.createFrom().item(Disposition.DEAD_LETTER);
        }
        Duration lease = config.timeout().plusSeconds(30);
        return claim(callback, lease).chain(claimed -> claimed.isEmpty()
                ? Uni.createFrom().item(Disposition.DUPLICATE)
                : sender.send(claimed.get())
                        .chain(status -> record(callback, status, status == 0 ? "object not found" : status < 0 ? "no answer" : "HTTP " + status))
                        .replaceWith(Disposition.ACK));
    }

    /** Takes try {@code attempt}: only one holder of that message gets it. */
    private Uni<Optional<CallbackSender.Try>> claim(CallbackQueue.CallbackTry callback, Duration lease) {
        return pool.preparedQuery("update notification n set attempts = attempts + 1, "
                + "next_attempt_at = now() + $3 * interval '1 millisecond', updated_at = now() from merchant m "
                + "where n.event_id = $1 and n.status = 'PENDING' and n.attempts = $2 and m.id = n.merchant_id "
                + "returning n.event_type, n.object_id, n.merchant_id, n.url, n.created_at, m.notify_secret, m.notify_secret_cipher, "
                + "case when m.previous_secret_until > now() then m.previous_secret_cipher end as previous_secret_cipher")
                .execute(Tuple.of(callback.eventId(), callback.attempt(), lease.toMillis()))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new CallbackSender.Try(callback.eventId(), row.getString("event_type"),
                            row.getString("object_id"), row.getString("merchant_id"), row.getString("url"),
                            secrets(row), row.getOffsetDateTime("created_at")));
                });
    }

    /** The secrets that sign: the current one (decrypted; a clear one of before encryption as it is), then the previous while it still signs. */
    private java.util.List<String> secrets(Row row) {
        String merchantId = row.getString("merchant_id");
        java.util.List<String> secrets = new java.util.ArrayList<>();
        io.vertx.mutiny.core.buffer.Buffer current = row.getBuffer("notify_secret_cipher");
        secrets.add(current != null ? cipher.open(current.getBytes(), AccountCipher.notifySecretOwner(merchantId))
                : row.getString("notify_secret"));
        io.vertx.mutiny.core.buffer.Buffer previous = row.getBuffer("previous_secret_cipher");
        if (previous != null) {
            secrets.add(cipher.open(previous.getBytes(), AccountCipher.notifySecretOwner(merchantId)));
        }
        return secrets;
    }

    /** The outcome of try {@code callback.attempt()}: delivered, next try scheduled, or dead. */
    private Uni<Void> record(CallbackQueue.CallbackTry callback, int status, String error) {
        int tries = callback.attempt() + 1;
        if (status >= 200 && status < 300) {
            registry.counter("payroute.callbacks", "outcome", "delivered").increment();
            return pool.preparedQuery("update notification set status = 'DELIVERED', delivered_at = now(), next_attempt_at = null, "
                    + "last_status_code = $3, last_error = null, updated_at = now() where event_id = $1 and attempts = $2 and status = 'PENDING'")
                    .execute(Tuple.of(callback.eventId(), tries, status)).replaceWithVoid();
        }
        registry.counter("payroute.callbacks", "outcome", "failed").increment();
        Integer code = status > 0 ? status : null;
        if (tries > config.schedule().size()) {
            registry.counter("payroute.callbacks", "outcome", "dead").increment();
            LOG.warnf("callback %s to merchant %s is dead after %d tries (last: %s)", callback.eventId(), callback.merchantId(), tries, error);
            return pool.preparedQuery("update notification set status = 'DEAD', next_attempt_at = null, last_status_code = $3, "
                    + "last_error = $4, updated_at = now() where event_id = $1 and attempts = $2 and status = 'PENDING'")
                    .execute(Tuple.of(callback.eventId(), tries, code, error)).replaceWithVoid();
        }
        Duration delay = config.schedule().get(tries - 1);
        return pool.preparedQuery("update notification set next_attempt_at = now() + $3 * interval '1 millisecond', "
                + "last_status_code = $4, last_error = $5, updated_at = now() where event_id = $1 and attempts = $2 and status = 'PENDING'")
                .execute(Tuple.of(callback.eventId(), tries, delay.toMillis(), code, error))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : queue.publish(new CallbackQueue.CallbackTry(callback.eventId(), callback.merchantId(), tries), delay)
                                .replaceWithVoid());
    }
}
