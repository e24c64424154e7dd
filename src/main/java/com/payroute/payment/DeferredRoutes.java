package com.payroute.payment;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.api.Ids;
import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelRegistry;
import com.payroute.money.PaymentType;
import com.payroute.notify.CallbackQueue;
import com.payroute.routing.RouteDecision;
import com.payroute.routing.RouteRequest;
import com.payroute.routing.Router;
import com.payroute.routing.RoutingConfig;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Routes the payments stored without a first attempt, once their {@code route_at} has come: batch
 * items, approved holds, payouts that waited for a payout window. Fair by construction: each round
 * takes at most {@code perMerchant} of one merchant, oldest first, and gives no channel more once its
 * transaction queue holds {@code backlogPerPermit} ROUTED attempts per permit, so a 10,000-item batch
 * trickles into the queues behind which single payments of other merchants would otherwise wait.
 * Every replica runs it; a payment is claimed by a conditional UPDATE, so two replicas never route it
 * twice. Published after commit; the sweeper republishes what is lost.
 */
@ApplicationScoped
public class DeferredRoutes {

    private static final Logger LOG = Logger.getLogger(DeferredRoutes.class);

    /** A payment due to be routed, with the channels it was already offered to. */
    private record Due(String paymentId, String merchantId, PaymentType type, java.math.BigDecimal amount, String currency,
            String bankCode, int lastSeq, List<String> tried) {
    }

    private record Plan(Due due, RouteDecision decision, String attemptId) {
    }

    private final Pool pool;
    private final Router router;
    private final ChannelRegistry registry;
    private final PaymentTransitions transitions;
    private final SubmissionQueue submissions;
    private final CallbackQueue callbacks;
    private final DeferredRoutingConfig config;
    private final RoutingConfig routing;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();

    DeferredRoutes(Pool pool, Router router, ChannelRegistry registry, PaymentTransitions transitions, SubmissionQueue submissions,
            CallbackQueue callbacks, DeferredRoutingConfig config, RoutingConfig routing, Clock clock) {
        this.pool = pool;
        this.router = router;
        this.registry = registry;
        this.transitions = transitions;
        this.submissions = submissions;
        this.callbacks = callbacks;
        this.config = config;
        this.routing = routing;
        this.clock = clock;
    }

    @Scheduled(every = "${payroute.deferred-routing.interval:250ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return round();
    }

    /** Runs a round now (after a batch was stored or a hold approved), unless one is running. */
    public void kick() {
        round().subscribe().with(ok -> {
        }, failure -> {
        });
    }

    /** One round: route what is due, until a round finds nothing or every open channel is full. */
    Uni<Void> round() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return routeDue()
                .onFailure().invoke(e -> LOG.warnf("deferred routing round failed: %s", e.toString()))
                .onFailure().recoverWithItem(0)
                .onTermination().invoke(() -> running.set(false))
                .replaceWithVoid();
    }

    /** Routes one chunk of due payments; how many were routed, deferred or failed. */
    public Uni<Integer> routeDue() {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return backlog().chain(full -> pool.preparedQuery("""
                select p.id, p.merchant_id, p.type, p.amount, p.currency, p.bank_code,
                    (select coalesce(max(a.seq), 0) from attempt a where a.payment_id = p.id) as last_seq,
                    (select coalesce(array_agg(a.channel_code), '{}') from attempt a where a.payment_id = p.id) as tried
                from (select id, row_number() over (partition by merchant_id order by route_at, id) as n
                      from payment where route_at <= $1 and status = 'PROCESSING') d
                join payment p on p.id = d.id
                where d.n <= $2 order by d.n, p.route_at limit $3""")
                .execute(Tuple.of(now, config.perMerchant(), config.chunk()))
                .chain(rows -> {
                    List<Plan> plans = new ArrayList<>();
                    for (Row row : rows) {
                        Due due = new Due(row.getString("id"), row.getString("merchant_id"), PaymentType.valueOf(row.getString("type")),
                                row.getBigDecimal("amount"), row.getString("currency"), row.getString("bank_code"),
                                row.getInteger("last_seq"), List.of(row.getArrayOfStrings("tried")));
                        RouteDecision decision = decide(due, full);
                        if (decision != null) {
                            plans.add(new Plan(due, decision, Ids.attempt()));
                        }
                    }
                    return plans.isEmpty() ? Uni.createFrom().item(0) : apply(plans);
                }));
    }

    /**
     * Where a due payment goes now; null when the channels that could take it are only full (it stays
     * due). A channel is counted full for this round once it is given its backlog's worth.
     */
    private RouteDecision decide(Due due, Map<String, Integer> backlog) {
        if (due.lastSeq() >= routing.maxAttempts()) {
            return RouteDecision.NONE;
        }
        Set<String> excluded = new HashSet<>(due.tried());
        backlog.forEach((code, queued) -> {
            if (queued >= limit(code)) {
                excluded.add(code);
            }
        });
        RouteDecision decision = router.decide(request(due, excluded));
        if (decision.channel().isEmpty() && excluded.size() > due.tried().size()
                && router.decide(request(due, due.tried())).channel().isPresent()) {
            return null; // only full channels could take it: it waits for the next round
        }
        decision.channel().ifPresent(channel -> backlog.merge(channel.code(), 1, Integer::sum));
        return decision;
    }

    private static RouteRequest request(Due due, java.util.Collection<String> excluded) {
        return new RouteRequest(due.merchantId(), due.type(), due.currency(), due.bankCode(), due.amount(), List.copyOf(excluded));
    }

    private int limit(String channelCode) {
        return registry.find(channelCode).map(c -> c.totalConcurrency() * config.backlogPerPermit()).orElse(0);
    }

    /** ROUTED attempts waiting in each channel's transaction queue. */
    private Uni<Map<String, Integer>> backlog() {
        return pool.query("select channel_code, count(*) as queued from attempt where status = 'ROUTED' group by channel_code")
                .execute()
                .map(rows -> {
                    Map<String, Integer> queued = new HashMap<>();
                    rows.forEach(row -> queued.put(row.getString("channel_code"), row.getLong("queued").intValue()));
                    return queued;
                });
    }

    private Uni<Integer> apply(List<Plan> plans) {
        List<Plan> routed = plans.stream().filter(p -> p.decision().channel().isPresent()).toList();
        List<Plan> waiting = plans.stream().filter(p -> p.decision().waits()).toList();
        List<Plan> none = plans.stream().filter(p -> p.decision().channel().isEmpty() && !p.decision().waits()).toList();
        List<RoutedAttempt> published = new ArrayList<>();
        List<Settlement> failed = new ArrayList<>();
        return pool.withTransaction(conn -> attempts(conn, routed, published)
                .chain(() -> waits(conn, waiting))
                .chain(() -> noRoute(conn, none, failed)))
                .chain(() -> Multi.createFrom().iterable(published).onItem().transformToUniAndConcatenate(submissions::publish)
                        .collect().last())
                .chain(() -> callbacks.dispatchAll(failed.stream().flatMap(s -> s.callbacks().stream()).toList()))
                .replaceWith(plans.size());
    }

    /** Claims the routed payments (route_at set → null) and inserts their attempts, in one statement. */
    private Uni<Void> attempts(SqlConnection conn, List<Plan> routed, List<RoutedAttempt> published) {
        if (routed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                with plan as (
                    select * from unnest($1::text[], $2::text[], $3::text[], $4::int[]) as u(payment_id, attempt_id, channel_code, seq)
                ), claimed as (
                    update payment p set route_at = null, updated_at = now() from plan
                    where p.id = plan.payment_id and p.route_at is not null and p.status = 'PROCESSING'
                    returning p.id, p.merchant_id
                )
                insert into attempt (id, payment_id, seq, channel_code, merchant_id, status, created_at, updated_at)
                select plan.attempt_id, plan.payment_id, plan.seq, plan.channel_code, claimed.merchant_id, 'ROUTED', now(), now()
                from plan join claimed on claimed.id = plan.payment_id
                returning id, payment_id, merchant_id, channel_code""")
                .execute(Tuple.of(
                        routed.stream().map(p -> p.due().paymentId()).toArray(String[]::new),
                        routed.stream().map(Plan::attemptId).toArray(String[]::new),
                        routed.stream().map(p -> p.decision().channel().map(ChannelConfig::code).orElseThrow()).toArray(String[]::new),
                        routed.stream().map(p -> p.due().lastSeq() + 1).toArray(Integer[]::new)))
                .invoke(rows -> rows.forEach(row -> published.add(new RoutedAttempt(row.getString("id"), row.getString("payment_id"),
                        row.getString("merchant_id"), row.getString("channel_code")))))
                .replaceWithVoid();
    }

    /** Payouts whose channels are all outside their windows: due again when the first opens. */
    private Uni<Void> waits(SqlConnection conn, List<Plan> waiting) {
        if (waiting.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("update payment p set route_at = u.route_at, updated_at = now() "
                + "from unnest($1::text[], $2::timestamptz[]) as u(payment_id, route_at) "
                + "where p.id = u.payment_id and p.route_at is not null and p.status = 'PROCESSING'")
                .execute(Tuple.of(waiting.stream().map(p -> p.due().paymentId()).toArray(String[]::new),
                        waiting.stream().map(p -> p.decision().waitUntil().atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    /** No channel could ever take it: it ends FAILED (nothing was charged), with its callback. */
    private Uni<Void> noRoute(SqlConnection conn, List<Plan> none, List<Settlement> failed) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Plan plan : none) {
            Due due = plan.due();
            boolean retried = due.lastSeq() > 0;
            chain = chain.chain(() -> conn.preparedQuery("update payment set route_at = null where id = $1 and route_at is not null "
                    + "and status = 'PROCESSING'").execute(Tuple.of(due.paymentId()))
                    .chain(claimed -> claimed.rowCount() == 0 ? Uni.createFrom().voidItem()
                            : transitions.complete(conn, due.paymentId(), PaymentStatus.FAILED,
                                    retried ? PaymentTransitions.NO_CHANNEL_AVAILABLE : PaymentIntake.NO_ROUTE,
                                    retried ? "no channel could take the payment; nothing was charged"
                                            : "no enabled channel serves " + due.type() + " " + due.currency() + " at bank "
                                                    + due.bankCode() + " for amount " + due.amount().toPlainString()
                                                    + "; nothing was charged")
                                    .invoke(failed::add).replaceWithVoid()));
        }
        return chain;
    }
}
