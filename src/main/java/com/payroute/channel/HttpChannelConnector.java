package com.payroute.channel;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.outbound.BoundedBody;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The generic HTTP connector of API.md section 2. Each channel gets its own client and
 * connection pool, so a channel that hangs holds only its own connections; each request
 * carries that channel's connect and response timeouts and its account's credentials, and reads
 * at most {@code payroute.channels.max-reply-bytes} of the answer (more is a failed, ambiguous call).
 */
@ApplicationScoped
public class HttpChannelConnector implements ChannelConnector {

    public static final String NAME = "http";
    private static final int POOL_SIZE = 256;
    private static final String ORDER_NO = "orderNo";
    private static final String REFUND_NO = "refundNo";

    private final Vertx vertx;
    private final ChannelsConfig config;
    private final Map<String, WebClient> clients = new ConcurrentHashMap<>();

    private final HttpStatements statements;

    HttpChannelConnector(Vertx vertx, ChannelsConfig config, HttpStatements statements) {
        this.vertx = vertx;
        this.config = config;
        this.statements = statements;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<ChannelReply> submit(ChannelConfig channel, ChannelAccount account, ChannelOrder order) {
        JsonObject body = new JsonObject()
                .put("orderNo", order.orderNo())
                .put("type", order.type().name())
                .put("amount", order.amount())
                .put("currency", order.currency())
                .put("account", new JsonObject()
                        .put("bankCode", order.bankCode())
                        .put("number", order.accountNumber())
                        .put("holderName", order.holderName()));
        HttpRequest<Buffer> request = prepare(channel, account, client(channel).postAbs(channel.baseUrl() + "/orders"));
        return exchange(channel, ORDER_NO, () -> request.sendJsonObject(body));
    }

    @Override
    public Uni<ChannelReply> query(ChannelConfig channel, ChannelAccount account, String orderNo) {
        HttpRequest<Buffer> request = prepare(channel, account, client(channel).getAbs(channel.baseUrl() + "/orders/" + orderNo));
        return exchange(channel, ORDER_NO, request::send);
    }

    @Override
    public Uni<ChannelReply> refund(ChannelConfig channel, ChannelAccount account, ChannelRefund refund) {
        JsonObject body = new JsonObject()
                .put("refundNo", refund.refundNo())
                .put("orderNo", refund.orderNo())
                .put("amount", refund.amount())
                .put("currency", refund.currency());
        HttpRequest<Buffer> request = prepare(channel, account, client(channel).postAbs(channel.baseUrl() + "/refunds"));
        return exchange(channel, REFUND_NO, () -> request.sendJsonObject(body));
    }

    @Override
    public Uni<ChannelReply> queryRefund(ChannelConfig channel, ChannelAccount account, String refundNo) {
        HttpRequest<Buffer> request = prepare(channel, account, client(channel).getAbs(channel.baseUrl() + "/refunds/" + refundNo));
        return exchange(channel, REFUND_NO, request::send);
    }

    /** The channel's timeouts and the account's credentials; the answer is read up to a cap. */
    private HttpRequest<Buffer> prepare(ChannelConfig channel, ChannelAccount account, HttpRequest<Buffer> request) {
        request.connectTimeout(channel.connectTimeoutMs())
                .timeout(channel.timeoutMs())
                .putHeader("Accept", "application/json");
        if (account.credentialsRef() != null) {
            String secret = config.credentials().get(account.credentialsRef());
            if (secret != null) {
                request.putHeader("Authorization", "Bearer " + secret);
            }
        }
        return request.as(BoundedBody.atMost(config.maxReplyBytes()));
    }

    /** {@code reference}: the body field naming what the answer is about ("orderNo", "refundNo"). */
    private Uni<ChannelReply> exchange(ChannelConfig channel, String reference, Supplier<Uni<? extends HttpResponse<Buffer>>> send) {
        long started = System.nanoTime();
        // Backstop deadline: the client's timeout is an idle timeout, a channel trickling bytes
        // must not hold a worker longer than its configured time either.
        Duration deadline = Duration.ofMillis(channel.connectTimeoutMs() + channel.timeoutMs() + 250L);
        return Uni.createFrom().<HttpResponse<Buffer>>deferred(send)
                .ifNoItem().after(deadline).failWith(() -> new TimeoutException("deadline of " + deadline + " exceeded"))
                .map(response -> {
                    long latency = (System.nanoTime() - started) / 1_000_000;
                    if (response.statusCode() >= 500) {
                        throw new ChannelServerError(response.statusCode());
                    }
                    JsonObject json = parse(response);
                    return new ChannelReply(response.statusCode(),
                            json.getString(reference), json.getString("status"),
                            json.getString("code"), json.getString("message"), latency);
                });
    }

    private static JsonObject parse(HttpResponse<Buffer> response) {
        try {
            Buffer body = response.body();
            return body == null || body.length() == 0 ? new JsonObject() : new JsonObject(body.toString());
        } catch (RuntimeException notJson) {
            return new JsonObject();
        }
    }

    private WebClient client(ChannelConfig channel) {
        return clients.computeIfAbsent(channel.code(), code -> WebClient.create(vertx, new WebClientOptions()
                .setMaxPoolSize(POOL_SIZE)
                .setMaxWaitQueueSize(POOL_SIZE)
                .setKeepAlive(true)
                .setFollowRedirects(false)
                .setTryUseCompression(false)
                .setUserAgent("payroute")));
    }

    @Override
    public Optional<InputStream> statement(ChannelConfig channel, LocalDate day) throws IOException {
        return statements.fetch(channel, day);
    }

    @PreDestroy
    void close() {
        clients.values().forEach(WebClient::close);
    }
}
