package com.payroute.simulator;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

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
    public record LedgerEntry(String channel, String orderNo, String amount, String currency, String status, int charges,
            String refunded) {
    }

    /** One refund a simulated channel took, for GET /sim/refunds: {@code refunds} > 1 means it was paid back twice. */
    @RegisterForReflection
    public record RefundEntry(String channel, String refundNo, String orderNo, String amount, String currency, String status,
            int refunds) {
    }

    private final Map<String, SimulatedChannel> channels = new ConcurrentHashMap<>();
    private final java.time.Clock clock;

    Simulator(java.time.Clock clock) {
        this.clock = clock;
    }

    SimulatedChannel channel(String code) {
        return channels.computeIfAbsent(code, SimulatedChannel::new);
    }

    public Uni<Answer> submit(String code, String authorization, JsonObject order) {
        SimulatedChannel channel = channel(code);
        channel.received.incrementAndGet();
        String credential = credential(authorization);
        channel.arrive(credential);
        return submitted(channel, order).onTermination().invoke(() -> channel.depart(credential));
    }

    private Uni<Answer> submitted(SimulatedChannel channel, JsonObject order) {
        String orderNo = order.getString("orderNo");
        if (orderNo == null || order.getString("amount") == null || order.getString("currency") == null
                || order.getJsonObject("account") == null) {
            return answer(400, error("BAD_REQUEST", "orderNo, amount, currency and account are required"), 0);
        }
        return take(channel, order.getJsonObject("account").getString("bankCode"), channel.order(orderNo) != null, succeeds -> {
            SimOrder taken = channel.take(orderNo, order.getString("type"), order.getString("amount"), order.getString("currency"),
                    clock.instant());
            boolean ghost = ThreadLocalRandom.current().nextDouble() < channel.behaviour.ghostChargeRate();
            return new Booking(() -> taken.status = "PROCESSING", ghost ? taken::ghostCharge : () -> taken.settle(succeeds),
                    () -> orderBody(taken));
        });
    }

    public Uni<Answer> refund(String code, String authorization, JsonObject refund) {
        SimulatedChannel channel = channel(code);
        channel.refundsReceived.incrementAndGet();
        String credential = credential(authorization);
        channel.arrive(credential);
        return refunded(channel, refund).onTermination().invoke(() -> channel.depart(credential));
    }

    private Uni<Answer> refunded(SimulatedChannel channel, JsonObject refund) {
        String refundNo = refund.getString("refundNo");
        String orderNo = refund.getString("orderNo");
        if (refundNo == null || orderNo == null || refund.getString("amount") == null || refund.getString("currency") == null) {
            return answer(400, error("BAD_REQUEST", "refundNo, orderNo, amount and currency are required"), 0);
        }
        return take(channel, null, channel.refund(refundNo) != null, succeeds -> {
            SimRefund taken = channel.takeRefund(refundNo, orderNo, refund.getString("amount"), refund.getString("currency"),
                    clock.instant());
            return new Booking(() -> taken.status = "PROCESSING", () -> taken.settle(channel.order(orderNo), succeeds),
                    () -> refundBody(taken));
        });
    }

    /** What booking an order or a refund does: mark it pending, settle it, and render it. */
    private record Booking(Runnable pending, Runnable settle, Supplier<JsonObject> body) {
    }

    /**
     * Takes an order or a refund as the behaviour says, the same way for both: down, busy (429), a
     * duplicate (409 when de-duplicating), answered at once or after a hang, settled now or later.
     */
    private Uni<Answer> take(SimulatedChannel channel, String bankCode, boolean known, java.util.function.Function<Boolean, Booking> booking) {
        SimBehaviour b = channel.behaviour;
        if (b.down()) {
            return down(b);
        }
        if (!channel.enter()) {
            return answer(429, error("REDUCE_FREQUENCY", "too many concurrent requests"), 0);
        }
        if (b.deduplicate() && known) {
            channel.leave();
            return answer(409, error("DUPLICATE_ORDER", "already received"), b.latencyMs());
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean succeeds = random.nextDouble() < b.successRate(bankCode);
        boolean hangs = random.nextDouble() < b.timeoutRate();
        boolean async = !hangs && random.nextDouble() < b.asyncRate();
        long delay = hangs ? b.hangMs() : b.latencyMs();
        Supplier<JsonObject> book = () -> {
            Booking taken = booking.apply(succeeds);
            if (async) {
                taken.pending().run();
                Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(b.settleMs()))
                        .subscribe().with(v -> taken.settle().run());
            } else {
                taken.settle().run();
            }
            return taken.body().get();
        };
        if (!b.bookOnAnswer()) {
            JsonObject body = book.get();
            return answer(200, body, delay).onTermination().invoke(channel::leave);
        }
        // Booked when the answer goes out, whether or not the caller still waits for it: a timer of its
        // own, not the request (a caller that hangs up cancels the request, not the channel's booking).
        Uni<JsonObject> booked = Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(Math.max(1, delay)))
                .map(v -> book.get()).memoize().indefinitely();
        booked.subscribe().with(body -> {
        });
        return booked.map(body -> new Answer(200, body)).onTermination().invoke(channel::leave);
    }

    public Uni<Answer> query(String code, String authorization, String orderNo) {
        SimulatedChannel channel = channel(code);
        channel.queried.incrementAndGet();
        SimOrder order = channel.order(orderNo);
        return lookup(channel, authorization, order == null ? null : order.takenAt, () -> orderBody(order));
    }

    public Uni<Answer> queryRefund(String code, String authorization, String refundNo) {
        SimulatedChannel channel = channel(code);
        channel.refundsQueried.incrementAndGet();
        SimRefund refund = channel.refund(refundNo);
        return lookup(channel, authorization, refund == null ? null : refund.takenAt, () -> refundBody(refund));
    }

    /** Answers a query: 404 for what was never taken or is not visible yet ({@code visibilityDelayMs}). */
    private Uni<Answer> lookup(SimulatedChannel channel, String authorization, Instant takenAt, Supplier<JsonObject> body) {
        String credential = credential(authorization);
        channel.arrive(credential);
        SimBehaviour b = channel.behaviour;
        if (b.down()) {
            return down(b).onTermination().invoke(() -> channel.depart(credential));
        }
        boolean visible = takenAt != null
                && (b.visibilityDelayMs() <= 0 || Duration.between(takenAt, clock.instant()).toMillis() >= b.visibilityDelayMs());
        Uni<Answer> answer = visible ? answer(200, body.get(), b.latencyMs())
                : answer(404, error("NOT_FOUND", "no such order"), b.latencyMs());
        return answer.onTermination().invoke(() -> channel.depart(credential));
    }

    /**
     * The merchant account a call is made under, as the channel tells accounts apart: by their
     * credentials. Reported as the first 12 hex digits of the SHA-256 of the bearer token (never the
     * token), or "none".
     */
    public static String credential(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "none";
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(authorization.substring(7).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The statement of accounting day {@code day} (API.md section 2), in the channel's own time zone and
     * cut-off: its orders and refunds as its books have them (a ghost charge is SUCCEEDED here). Empty
     * (404) until {@code statementReadyAfterMs} after the day ended, when that is not negative.
     */
    public java.util.Optional<String> statement(String code, LocalDate day) {
        SimulatedChannel channel = channel(code);
        SimBehaviour b = channel.behaviour;
        java.time.ZoneId zone = java.time.ZoneId.of(b.timezone());
        java.time.LocalTime cutoff = java.time.LocalTime.parse(b.cutoff());
        if (b.statementReadyAfterMs() >= 0 && clock.instant().isBefore(
                com.payroute.channel.AccountingDay.end(day, zone, cutoff).plusMillis(b.statementReadyAfterMs()))) {
            return java.util.Optional.empty();
        }
        channel.statementsServed.incrementAndGet();
        StringBuilder csv = new StringBuilder("orderNo,type,amount,currency,status,time,originalOrderNo\n");
        channel.orders().stream()
                .filter(o -> com.payroute.channel.AccountingDay.of(o.takenAt, zone, cutoff).equals(day) && !omitted(o.orderNo, b))
                .sorted(Comparator.comparing(o -> o.takenAt))
                .forEach(o -> csv.append(o.orderNo).append(',').append(o.type).append(',').append(o.amount).append(',')
                        .append(o.currency).append(',').append(o.status).append(',').append(o.takenAt).append(",\n"));
        channel.refunds().stream()
                .filter(r -> com.payroute.channel.AccountingDay.of(r.takenAt, zone, cutoff).equals(day) && !omitted(r.refundNo, b))
                .sorted(Comparator.comparing(r -> r.takenAt))
                .forEach(r -> csv.append(r.refundNo).append(",REFUND,").append(r.amount).append(',').append(r.currency)
                        .append(',').append(r.status).append(',').append(r.takenAt).append(',').append(r.orderNo).append('\n'));
        return java.util.Optional.of(csv.toString());
    }

    /** Whether a statement leaves this order out: the same orders every time, so a re-run sees the same statement. */
    private static boolean omitted(String number, SimBehaviour b) {
        return b.statementOmitRate() > 0 && Math.floorMod(number.hashCode(), 10_000) < b.statementOmitRate() * 10_000;
    }

    public JsonObject describe(String code) {
        SimulatedChannel channel = channel(code);
        return new JsonObject()
                .put("code", code)
                .put("behaviour", JsonObject.mapFrom(channel.behaviour))
                .put("received", channel.received.get())
                .put("queried", channel.queried.get())
                .put("refundsReceived", channel.refundsReceived.get())
                .put("refundsQueried", channel.refundsQueried.get())
                .put("statementsServed", channel.statementsServed.get())
                .put("inFlight", channel.inFlight.get())
                .put("peakInFlight", channel.peakInFlight.get())
                .put("inFlightAll", channel.inFlightAll.get())
                .put("peakInFlightAll", channel.peakInFlightAll.get())
                .put("peakInFlightByCredential", peaksByCredential(channel))
                .put("rejectedBusy", channel.rejectedBusy.get());
    }

    private static JsonObject peaksByCredential(SimulatedChannel channel) {
        JsonObject peaks = new JsonObject();
        channel.byCredential.forEach((credential, counts) -> peaks.put(credential, counts[1].get()));
        return peaks;
    }

    public void change(String code, SimBehaviour changed) {
        channel(code).behaviour = changed;
    }

    public SimBehaviour behaviour(String code) {
        return channel(code).behaviour;
    }

    public void resetCounters(String code) {
        channel(code).resetCounters();
    }

    public void reset() {
        channels.values().forEach(SimulatedChannel::reset);
    }

    public List<LedgerEntry> ledger() {
        List<LedgerEntry> entries = new ArrayList<>();
        for (SimulatedChannel channel : channels.values()) {
            for (SimOrder o : channel.orders()) {
                entries.add(entry(channel, o));
            }
        }
        return entries;
    }

    /** The ledger's entries of one order: one per channel that took it (a look-up, not a scan of the whole ledger). */
    public List<LedgerEntry> ledger(String orderNo) {
        List<LedgerEntry> entries = new ArrayList<>();
        for (SimulatedChannel channel : channels.values()) {
            SimOrder o = channel.order(orderNo);
            if (o != null) {
                entries.add(entry(channel, o));
            }
        }
        return entries;
    }

    private static LedgerEntry entry(SimulatedChannel channel, SimOrder o) {
        return new LedgerEntry(channel.code, o.orderNo, o.amount, o.currency, o.status, o.charges, o.refunded().toPlainString());
    }

    public List<RefundEntry> refunds() {
        List<RefundEntry> entries = new ArrayList<>();
        for (SimulatedChannel channel : channels.values()) {
            for (SimRefund r : channel.refunds()) {
                entries.add(new RefundEntry(channel.code, r.refundNo, r.orderNo, r.amount, r.currency, r.status, r.refunds));
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
        String status = order.answer();
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

    private static JsonObject refundBody(SimRefund refund) {
        String status = refund.status;
        return new JsonObject()
                .put("refundNo", refund.refundNo)
                .put("orderNo", refund.orderNo)
                .put("status", status)
                .put("code", "PROCESSING".equals(status) ? "PENDING" : refund.code)
                .put("message", switch (status) {
                    case "SUCCEEDED" -> "refunded";
                    case "FAILED" -> "refund failed";
                    default -> "in progress";
                });
    }

    private static JsonObject error(String code, String message) {
        return new JsonObject().put("code", code).put("message", message);
    }
}
