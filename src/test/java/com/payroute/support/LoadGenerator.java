package com.payroute.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;

/**
 * Business lines sending payments to a payroute process at a steady rate (open loop: a slow answer
 * does not slow the sending), recording every answer: status, time taken, payment id.
 */
public final class LoadGenerator implements AutoCloseable {

    /** One answer; status 0: no answer at all (connection refused, timeout); {@code code}: a problem's code. */
    public record Answer(String merchantOrderNo, int status, long millis, String paymentId, String code, String retryAfter) {
    }

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"(pay_[0-9A-Z]+)\"");
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newFixedThreadPool(16)).build();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final String url;
    private final String apiKey;
    private final String prefix;
    private int sent;

    public LoadGenerator(String baseUrl, String apiKey, String prefix) {
        this.url = baseUrl + "/v1/payments";
        this.apiKey = apiKey;
        this.prefix = prefix;
    }

    /** Sends {@code perSecond} payments a second (CNY, ICBC) until {@link #stop()}. */
    public LoadGenerator start(int perSecond) {
        clock.scheduleAtFixedRate(this::sendOne, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
        return this;
    }

    public void stop() throws InterruptedException {
        clock.shutdown();
        clock.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Waits until every payment sent has its answer (or its 15 s timeout). */
    public List<Answer> answers() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (answers.size() < sent && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return List.copyOf(answers);
    }

    private synchronized void sendOne() {
        String orderNo = prefix + "-" + (++sent);
        Map<String, Object> body = Payments.body(orderNo, (1 + sent % 50) + ".00", "CNY", "ICBC");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject(body).encode())).build();
        long started = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (failure != null) {
                answers.add(new Answer(orderNo, 0, millis, null, null, null));
                return;
            }
            Matcher id = ID.matcher(response.body());
            Matcher code = CODE.matcher(response.body());
            answers.add(new Answer(orderNo, response.statusCode(), millis, id.find() ? id.group(1) : null,
                    code.find() ? code.group(1) : null, response.headers().firstValue("Retry-After").orElse(null)));
        });
    }

    @Override
    public void close() throws InterruptedException {
        if (!clock.isShutdown()) {
            stop();
        }
    }
}
