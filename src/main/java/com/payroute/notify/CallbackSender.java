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

import com.payroute.outbound.BoundedBody;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Makes one try of a callback: renders the event's object as its callback body (the object's fields,
 * {@code type} naming the event, the object whole under its name, {@code eventId}, {@code occurredAt}), signs it, and POSTs it with a connection pool
 * per merchant, its timeout, and the merchant's answer read only up to a small cap. Answers the HTTP
 * status, or -1 when there was no usable answer; 0 when the object no longer exists.
 */
@ApplicationScoped
public class CallbackSender {

    /** A claimed try: what to send where, signed with which secret. */
    record Try(String eventId, String eventType, String objectId, String merchantId, String url, String secret,
            OffsetDateTime occurredAt) {
    }

    private static final int MAX_ANSWER_BYTES = 16 * 1024;

    private final Vertx vertx;
    private final NotifyConfig config;
    private final Map<String, EventBody> bodies;
    private final Map<String, WebClient> clients = new ConcurrentHashMap<>();

    CallbackSender(Vertx vertx, NotifyConfig config, Instance<EventBody> bodies) {
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
            String signature = CallbackSignature.header(attempt.secret(), Instant.now().getEpochSecond(), body);
            return client(attempt.merchantId()).postAbs(attempt.url())
                    .timeout(config.timeout().toMillis())
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Payroute-Event-Id", attempt.eventId())
                    .putHeader("Payroute-Signature", signature)
                    .as(BoundedBody.atMost(MAX_ANSWER_BYTES))
                    .sendBuffer(Buffer.buffer(body))
                    .ifNoItem().after(config.timeout().plusMillis(250)).fail()
                    .map(HttpResponse::statusCode)
                    .onFailure().recoverWithItem(failure -> -1);
        });
    }

    private WebClient client(String merchantId) {
        return clients.computeIfAbsent(merchantId, m -> WebClient.create(vertx, new WebClientOptions()
                .setMaxPoolSize(config.concurrency())
                .setKeepAlive(true)
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(config.timeout().toMillis(), 5000))
                .setUserAgent("payroute-callbacks")));
    }

    @PreDestroy
    void close() {
        clients.values().forEach(WebClient::close);
    }
}
