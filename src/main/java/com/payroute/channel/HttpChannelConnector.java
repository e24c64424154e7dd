package com.payroute.channel;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.outbound.CappedExchange;
import com.payroute.outbound.Destinations;
import com.payroute.security.UrlPolicy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;

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
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    private final HttpStatements statements;
    private final Destinations destinations;

    HttpChannelConnector(Vertx vertx, ChannelsConfig config, HttpStatements statements, Destinations destinations) {
        this.destinations = destinations;
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
        return exchange(channel, account, HttpMethod.POST, "/orders", body, ORDER_NO);
    }

    @Override
    public Uni<ChannelReply> query(ChannelConfig channel, ChannelAccount account, String orderNo) {
        return exchange(channel, account, HttpMethod.GET, "/orders/" + orderNo, null, ORDER_NO);
    }

    @Override
    public Uni<ChannelReply> refund(ChannelConfig channel, ChannelAccount account, ChannelRefund refund) {
        JsonObject body = new JsonObject()
                .put("refundNo", refund.refundNo())
                .put("orderNo", refund.orderNo())
                .put("amount", refund.amount())
                .put("currency", refund.currency());
        return exchange(channel, account, HttpMethod.POST, "/refunds", body, REFUND_NO);
    }

    @Override
    public Uni<ChannelReply> queryRefund(ChannelConfig channel, ChannelAccount account, String refundNo) {
        return exchange(channel, account, HttpMethod.GET, "/refunds/" + refundNo, null, REFUND_NO);
    }

    /**
     * One call to the channel's checked address (never into payroute's own network; the address judged is
     * the one connected to), with the channel's timeouts and the account's credentials, its answer read up
     * to a cap. A refused address fails before anything is sent. {@code reference}: the body field naming
     * what the answer is about ("orderNo", "refundNo").
     */
    private Uni<ChannelReply> exchange(ChannelConfig channel, ChannelAccount account, HttpMethod method, String path,
            JsonObject body, String reference) {
        // Backstop deadline: the client's timeout is an idle timeout, a channel trickling bytes
        // must not hold a worker longer than its configured time either.
        Duration deadline = Duration.ofMillis(channel.connectTimeoutMs() + channel.timeoutMs() + 250L);
        return destinations.of(channel.baseUrl() + path, UrlPolicy.Use.CHANNEL).chain(target -> {
            long started = System.nanoTime();
            RequestOptions request = target.request(method)
                    .setConnectTimeout(channel.connectTimeoutMs())
                    .setIdleTimeout(channel.timeoutMs())
                    .putHeader("Accept", "application/json")
                    .putHeader("User-Agent", "payroute");
            if (body != null) {
                request.putHeader("Content-Type", "application/json");
            }
            if (account.credentialsRef() != null) {
                String secret = config.credentials().get(account.credentialsRef());
                if (secret != null) {
                    request.putHeader("Authorization", "Bearer " + secret);
                }
            }
            return CappedExchange.send(client(channel), request, body == null ? null : body.toBuffer(), config.maxReplyBytes())
                    .ifNoItem().after(deadline).failWith(() -> new TimeoutException("deadline of " + deadline + " exceeded"))
                    .map(answer -> {
                        long latency = (System.nanoTime() - started) / 1_000_000;
                        if (answer.status() >= 500) {
                            throw new ChannelServerError(answer.status());
                        }
                        JsonObject json = parse(answer.body());
                        return new ChannelReply(answer.status(), json.getString(reference), json.getString("status"),
                                json.getString("code"), json.getString("message"), latency);
                    });
        });
    }

    private static JsonObject parse(Buffer body) {
        try {
            return body.length() == 0 ? new JsonObject() : new JsonObject(body);
        } catch (RuntimeException notJson) {
            return new JsonObject();
        }
    }

    private HttpClient client(ChannelConfig channel) {
        return clients.computeIfAbsent(channel.code(), code -> vertx.getDelegate().createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(POOL_SIZE)
                .setMaxWaitQueueSize(POOL_SIZE)
                .setKeepAlive(true)
                .setTryUseCompression(false)));
    }

    @Override
    public Optional<InputStream> statement(ChannelConfig channel, LocalDate day) throws IOException {
        return statements.fetch(channel, day);
    }

    @PreDestroy
    void close() {
        clients.values().forEach(HttpClient::close);
    }
}
