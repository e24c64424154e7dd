package com.payroute.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * payroute as a separate operating-system process: the packaged production build
 * (target/quarkus-app), so it can be killed with SIGKILL and started again, or run beside the
 * test application as a second replica.
 */
public final class PayrouteProcess implements AutoCloseable {

    private static final File JAR = new File("target/quarkus-app/quarkus-run.jar");

    private final String name;
    private final int port;
    private final Map<String, String> config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Process process;
    private int starts;

    public PayrouteProcess(String name, int port, Map<String, String> config) {
        this.name = name;
        this.port = port;
        this.config = config;
    }

    public static boolean packaged() {
        return JAR.isFile();
    }

    public int port() {
        return port;
    }

    /** Health, metrics and the OpenAPI document of a prod build: its management port, never the public one. */
    public String managementUrl() {
        return "http://localhost:" + managementPort();
    }

    private int managementPort() {
        return port + 1000;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** A JSON request to this process on behalf of the merchant holding {@code apiKey}. */
    public RequestSpecification asMerchant(String apiKey) {
        return RestAssured.given().baseUri(url()).header("Authorization", "Bearer " + apiKey).contentType("application/json");
    }

    /**
     * The id of the first CNY payment (to ICBC) this process accepts, sent every 200 ms until it has loaded
     * a channel for it (422 NO_ROUTE until then, which stores nothing to send).
     */
    public String firstAccepted(String apiKey, String orderPrefix) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var answer = asMerchant(apiKey).body(Payments.body(Payments.orderNo(orderPrefix), "1.00", "CNY", "ICBC"))
                    .post("/v1/payments");
            if (answer.statusCode() == 202) {
                return answer.path("id");
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the process never saw its channels");
    }

    public PayrouteProcess start() throws IOException {
        starts++;
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        // C1 only, as the test JVMs (pom.xml): these processes live for seconds to minutes, and on two cores
        // C2's compiler threads slowed every (re)start (KillIT's boots: 7.3-10.8 s with C2, 4.8-7.5 s without)
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.port=" + managementPort());
        command.add("-Dquarkus.log.file.enabled=true");
        command.add("-Dquarkus.log.file.path=target/logs/" + name + "-" + starts + ".log");
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(JAR.getPath());
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(new File("target/logs/" + name + "-" + starts + ".out"))
                .start();
        return this;
    }

    /** Waits until the process answers its readiness probe. */
    public PayrouteProcess awaitReady(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see target/logs/" + name + "-" + starts + ".out");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready within " + max);
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public int starts() {
        return starts;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(45, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
