package com.payroute.notify;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.payroute.outbound.CappedExchange;
import com.payroute.outbound.Destinations;
import com.payroute.security.UrlPolicy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.mutiny.core.Vertx;

/**
 * Makes one try of a callback: renders the event's object as its callback body (the object's fields,
 * {@code type} naming the event, the object whole under its name, {@code eventId}, {@code occurredAt}), signs it, and POSTs it with a connection pool
 * per merchant, its timeout, and the merchant's answer read only up to a small cap. Answers the HTTP
 * status, or -1 when there was no usable answer; 0 when the object no longer exists.
 */
@ApplicationScoped
public class CallbackSender {

    /** A claimed try: what to send where, signed with which secret. */
    record Try(String eventId, String eventType, String objectId, String merchantId, String url, java.util.List<String> secrets,
            OffsetDateTime occurredAt) {
    }

    private static final int MAX_ANSWER_BYTES = 16 * 1024;

    private final Vertx vertx;
    private final NotifyConfig config;
    private final Map<String, EventBody> bodies;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    private final Destinations destinations;

    CallbackSender(Vertx vertx, NotifyConfig config, Instance<EventBody> bodies, Destinations destinations) {
        this.destinations = destinations;
        this.vertx = vertx;
        this.config = config;
        this.bodies = bodies.stream().collect(Collectors.toMap(EventBody::objectType, Function.identity()));
    }

    Uni<Integer> send(Try attempt) {
        EventBody renderer = bodies.get(attempt.eventType().substring(0, attempt.eventType().indexOf('.')));
        if (renderer == null) {
            return Uni.createFrom().item(0);
        }
        return renderer.body(attempt.merchantId(), attempt.objectId()).chain(object -> {
            if (object.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            // The object's fields stay where the first payment callbacks had them, except that "type" names
            // the event; a payment's own type moves to "paymentType". The object is also given whole under
            // its name ("payment", "refund", "batch").
            JsonObject json = object.get().copy();
            Object ownType = json.remove("type");
            if (ownType != null) {
                json.put(renderer.objectType() + "Type", ownType);
            }
            json.put("type", attempt.eventType())
                    .put(renderer.objectType(), object.get())
                    .put("eventId", attempt.eventId())
                    .put("occurredAt", attempt.occurredAt().toInstant().truncatedTo(ChronoUnit.MILLIS).toString());
            String body = json.encode();
            String signature = CallbackSignature.header(attempt.secrets(), Instant.now().getEpochSecond(), body);
            return destinations.of(attempt.url(), UrlPolicy.Use.NOTIFY).chain(target -> CappedExchange.send(client(attempt.merchantId()),
                    target.request(HttpMethod.POST)
                            .setIdleTimeout(config.timeout().toMillis())
                            .putHeader("Content-Type", "application/json")
                            .putHeader("User-Agent", "payroute-callbacks")
                            .putHeader("Payroute-Event-Id", attempt.eventId())
                            .putHeader("Payroute-Signature", signature),
                    Buffer.buffer(body), MAX_ANSWER_BYTES)
                    .ifNoItem().after(config.timeout().plusMillis(250)).fail()
                    .map(CappedExchange.Answer::status))
                    .onFailure().recoverWithItem(failure -> -1);
        });
    }

    private HttpClient client(String merchantId) {
        return clients.computeIfAbsent(merchantId, m -> vertx.getDelegate().createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(config.concurrency())
                .setKeepAlive(true)
                .setConnectTimeout((int) Math.min(config.timeout().toMillis(), 5000))));
    }

    @PreDestroy
    void close() {
        clients.values().forEach(HttpClient::close);
    }
}
