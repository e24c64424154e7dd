package com.payroute.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import com.sun.net.httpserver.HttpServer;

/**
 * A business line's callback endpoint for tests: answers each request with the status its
 * behaviour gives for the request number (0: hang without answering), and records what arrived.
 */
public final class CallbackReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String eventId, String signature, String body, long receivedAtMillis) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile IntUnaryOperator behaviour;

    public CallbackReceiver(IntUnaryOperator behaviour) throws IOException {
        this.behaviour = behaviour;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            int n = requests.incrementAndGet();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            received.add(new Received(exchange.getRequestHeaders().getFirst("Payroute-Event-Id"),
                    exchange.getRequestHeaders().getFirst("Payroute-Signature"), body, System.currentTimeMillis()));
            int status = this.behaviour.applyAsInt(n);
            if (status == 0) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    public static CallbackReceiver answering(int status) throws IOException {
        return new CallbackReceiver(n -> status);
    }

    public void behave(IntUnaryOperator behaviour) {
        this.behaviour = behaviour;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/payroute/notify";
    }

    public List<Received> received() {
        return received;
    }

    public List<Received> received(String paymentId) {
        return received.stream().filter(r -> r.body().contains("\"" + paymentId + "\"")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
