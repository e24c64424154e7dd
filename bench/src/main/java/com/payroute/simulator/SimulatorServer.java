package com.payroute.simulator;

import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * The application's simulated channels ({@link Simulator}, the same code the dev and test builds
 * serve under /sim) in a process of their own, so that the bench's CPU figures for payroute are
 * payroute's alone: {@code java -cp payroute-bench.jar com.payroute.simulator.SimulatorServer <port>}.
 * Serves the channel API (orders, queries, refunds) and the behaviour, description and ledger
 * endpoints the bench uses; {@code GET /ready} answers 200 once listening.
 */
public final class SimulatorServer {

    private static final Pattern CHANNEL = Pattern.compile("/sim/channels/([^/]+)(/orders|/refunds|/behaviour)?(?:/([^/]+))?");

    private final Simulator simulator = new Simulator(Clock.systemUTC());

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        SimulatorServer server = new SimulatorServer();
        vertx.createHttpServer().requestHandler(server::handle).listen(port)
                .onSuccess(s -> System.out.println("simulated channels on port " + s.actualPort()))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/ready")) {
            request.response().end("ready");
            return;
        }
        if (path.equals("/sim/ledger") && request.method() == HttpMethod.GET) {
            request.response().putHeader("Content-Type", "application/json").end(Json.encode(simulator.ledger()));
            return;
        }
        Matcher m = CHANNEL.matcher(path);
        if (!m.matches()) {
            request.response().setStatusCode(404).end();
            return;
        }
        String code = m.group(1);
        String kind = m.group(2);
        String id = m.group(3);
        String authorization = request.getHeader("Authorization");
        HttpMethod method = request.method();
        if (kind == null && method == HttpMethod.GET) {
            json(request, 200, simulator.describe(code));
        } else if ("/behaviour".equals(kind) && method == HttpMethod.PUT) {
            request.body().onSuccess(body -> {
                JsonObject merged = JsonObject.mapFrom(simulator.behaviour(code)).mergeIn(body.toJsonObject());
                simulator.change(code, merged.mapTo(SimBehaviour.class));
                json(request, 200, simulator.describe(code));
            });
        } else if ("/orders".equals(kind) && id == null && method == HttpMethod.POST) {
            request.body().onSuccess(body -> answer(request, simulator.submit(code, authorization, body.toJsonObject())));
        } else if ("/orders".equals(kind) && id != null && method == HttpMethod.GET) {
            answer(request, simulator.query(code, authorization, id));
        } else if ("/refunds".equals(kind) && id == null && method == HttpMethod.POST) {
            request.body().onSuccess(body -> answer(request, simulator.refund(code, authorization, body.toJsonObject())));
        } else if ("/refunds".equals(kind) && id != null && method == HttpMethod.GET) {
            answer(request, simulator.queryRefund(code, authorization, id));
        } else {
            request.response().setStatusCode(405).end();
        }
    }

    private static void answer(HttpServerRequest request, Uni<Simulator.Answer> answer) {
        answer.subscribe().with(a -> json(request, a.status(), a.body()),
                failure -> request.response().setStatusCode(500).end());
    }

    private static void json(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
