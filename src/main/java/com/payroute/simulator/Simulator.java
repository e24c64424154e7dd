package com.payroute.simulator;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Simulated third-party channels speaking API.md section 2. Present only in dev and test
 * builds. Every channel exists on first use with {@link SimBehaviour#DEFAULT}.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test", "bench" })
public class Simulator {

    /** An HTTP answer: status and JSON body. */
    @RegisterForReflection
    public record Answer(int status, JsonObject body) {
    }

    /** One ledger line of GET /sim/ledger. */
    @RegisterForReflection
    public record LedgerEntry(String channel, String orderNo, String amount, String currency, String status, int charges) {
    }

    private final Map<String, SimulatedChannel> channels = new ConcurrentHashMap<>();

    SimulatedChannel channel(String code) {
        return channels.computeIfAbsent(code, SimulatedChannel::new);
    }

    public Uni<Answer> submit(String code, JsonObject order) {
        SimulatedChannel channel = channel(code);
        channel.received.incrementAndGet();
        SimBehaviour b = channel.behaviour;
        if (b.down()) {
            return down(b);
        }
        String orderNo = order.getString("orderNo");
        if (orderNo == null || order.getString("amount") == null || order.getString("currency") == null
                || order.getJsonObject("account") == null) {
            return answer(400, error("BAD_REQUEST", "orderNo, amount, currency and account are required"), 0);
        }
        if (!channel.enter()) {
            return answer(429, error("REDUCE_FREQUENCY", "too many concurrent requests"), 0);
        }
        if (b.deduplicate() && channel.order(orderNo) != null) {
            channel.leave();
            return answer(409, error("DUPLICATE_ORDER", "orderNo already received"), b.latencyMs());
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean succeeds = random.nextDouble() < b.successRate();
        boolean hangs = random.nextDouble() < b.timeoutRate();
        boolean async = !hangs && random.nextDouble() < b.asyncRate();
        SimOrder taken = channel.take(orderNo, order.getString("type"), order.getString("amount"), order.getString("currency"));
        JsonObject body;
        if (async) {
            taken.status = "PROCESSING";
            Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(b.settleMs()))
                    .subscribe().with(v -> taken.settle(succeeds));
            body = orderBody(taken);
        } else {
            taken.settle(succeeds);
            body = orderBody(taken);
        }
        long delay = hangs ? b.hangMs() : b.latencyMs();
        return answer(200, body, delay).onTermination().invoke(channel::leave);
    }

    public Uni<Answer> query(String code, String orderNo) {
        SimulatedChannel channel = channel(code);
        channel.queried.incrementAndGet();
        SimBehaviour b = channel.behaviour;
        if (b.down()) {
            return down(b);
        }
        SimOrder order = channel.order(orderNo);
        if (order == null) {
            return answer(404, error("ORDER_NOT_FOUND", "no such order"), b.latencyMs());
        }
        return answer(200, orderBody(order), b.latencyMs());
    }

    public String statement(String code, LocalDate day) {
        StringBuilder csv = new StringBuilder("orderNo,type,amount,currency,status,time\n");
        channel(code).orders().stream()
                .filter(o -> o.takenAt.atZone(ZoneOffset.UTC).toLocalDate().equals(day))
                .sorted(Comparator.comparing(o -> o.takenAt))
                .forEach(o -> csv.append(o.orderNo).append(',').append(o.type).append(',').append(o.amount).append(',')
                        .append(o.currency).append(',').append(o.status).append(',').append(o.takenAt).append('\n'));
        return csv.toString();
    }

    public JsonObject describe(String code) {
        SimulatedChannel channel = channel(code);
        return new JsonObject()
                .put("code", code)
                .put("behaviour", JsonObject.mapFrom(channel.behaviour))
                .put("received", channel.received.get())
                .put("queried", channel.queried.get())
                .put("inFlight", channel.inFlight.get())
                .put("peakInFlight", channel.peakInFlight.get())
                .put("rejectedBusy", channel.rejectedBusy.get());
    }

    public void change(String code, SimBehaviour changed) {
        channel(code).behaviour = changed;
    }

    public SimBehaviour behaviour(String code) {
        return channel(code).behaviour;
    }

    public void reset() {
        channels.values().forEach(SimulatedChannel::reset);
    }

    public List<LedgerEntry> ledger() {
        List<LedgerEntry> entries = new ArrayList<>();
        for (SimulatedChannel channel : channels.values()) {
            for (SimOrder o : channel.orders()) {
                entries.add(new LedgerEntry(channel.code, o.orderNo, o.amount, o.currency, o.status, o.charges));
            }
        }
        return entries;
    }

    private Uni<Answer> down(SimBehaviour b) {
        return b.hangsWhenDown() ? answer(503, error("UNAVAILABLE", "channel is down"), b.hangMs())
                : answer(503, error("UNAVAILABLE", "channel is down"), 0);
    }

    private static Uni<Answer> answer(int status, JsonObject body, long delayMs) {
        Uni<Answer> answer = Uni.createFrom().item(new Answer(status, body));
        return delayMs <= 0 ? answer : answer.onItem().delayIt().by(Duration.ofMillis(delayMs));
    }

    private static JsonObject orderBody(SimOrder order) {
        String status = order.status;
        return new JsonObject()
                .put("orderNo", order.orderNo)
                .put("status", status)
                .put("code", switch (status) {
                    case "SUCCEEDED" -> "00";
                    case "FAILED" -> "INSUFFICIENT_FUNDS";
                    default -> "PENDING";
                })
                .put("message", switch (status) {
                    case "SUCCEEDED" -> "success";
                    case "FAILED" -> "insufficient funds";
                    default -> "in progress";
                });
    }

    private static JsonObject error(String code, String message) {
        return new JsonObject().put("code", code).put("message", message);
    }
}
