package com.payroute.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.channel.ChannelRegistry;
import com.payroute.channel.SubmissionQueue;
import com.payroute.messaging.QueueDepths;
import com.payroute.messaging.RabbitTopology;
import com.payroute.notify.CallbackQueue;
import com.payroute.payment.PaymentTransitions;
import com.payroute.payment.RoutedAttempt;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Carries on whatever a crash, a lost message or a dead worker left behind (DESIGN.md's janitor,
 * the "re-query and repair" job done continuously). One replica at a time: each sweep runs in a
 * transaction holding a PostgreSQL advisory lock. Every action is idempotent (consumers ignore
 * what is no longer in the expected state) and is logged with payment id and reason.
 * <ul>
 * <li>ROUTED too long: publish it again (the claim makes a duplicate harmless).</li>
 * <li>SUBMITTING past the channel's timeouts: the worker died mid-call; UNKNOWN, query now.</li>
 * <li>UNKNOWN/PROCESSING whose query is overdue: the query message was lost; send it again.</li>
 * <li>PROCESSING past the deadline: flag the payment for ops.</li>
 * <li>A callback whose next try is overdue: its message was lost; send it again.</li>
 * </ul>
 * Messages are published after the sweep's transaction commits. ROUTED attempts and queries of a
 * channel whose queue holds a backlog are left alone: they are waiting, not lost (once the queue
 * is empty, anything still overdue is sent again).
 */
@ApplicationScoped
public class Sweeper {

    private static final Logger LOG = Logger.getLogger(Sweeper.class);
    /** Advisory lock key: "payroute sweeper". */
    private static final long LOCK = 0x7061_7972_6f75_7465L;

    /** What one sweep found; published once its transaction committed. */
    public record Sweep(List<RoutedAttempt> republished, List<QueryRequest> queried, List<String> flagged,
            List<CallbackQueue.CallbackTry> callbacks, boolean leader) {
        public int actions() {
            return republished.size() + queried.size() + flagged.size() + callbacks.size();
        }
    }

    private final Pool pool;
    private final PaymentTransitions transitions;
    private final SubmissionQueue submissions;
    private final QueryQueue queries;
    private final CallbackQueue callbackQueue;
    private final SweeperConfig config;
    private final MeterRegistry meters;

    private final ChannelRegistry registry;
    private final QueueDepths depths;

    Sweeper(Pool pool, PaymentTransitions transitions, SubmissionQueue submissions, QueryQueue queries,
            CallbackQueue callbackQueue, SweeperConfig config, MeterRegistry meters, ChannelRegistry registry, QueueDepths depths) {
        this.pool = pool;
        this.transitions = transitions;
        this.submissions = submissions;
        this.queries = queries;
        this.callbackQueue = callbackQueue;
        this.config = config;
        this.meters = meters;
        this.registry = registry;
        this.depths = depths;
        for (String action : new String[] { "republished", "queried", "flagged", "callback_resent" }) {
            meters.counter("payroute.sweeper.actions", "action", action); // exposed from the start, for the alerts
        }
    }

    @Scheduled(every = "${payroute.sweeper.interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return sweep().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("sweep failed: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    public Uni<Sweep> sweep() {
        return pool.withTransaction(conn -> conn.preparedQuery("select pg_try_advisory_xact_lock($1)").execute(Tuple.of(LOCK))
                .chain(rows -> rows.iterator().next().getBoolean(0) ? collect(conn)
                        : Uni.createFrom().item(new Sweep(List.of(), List.of(), List.of(), List.of(), false))))
                .call(this::publish);
    }

    private Uni<Sweep> collect(SqlConnection conn) {
        List<RoutedAttempt> republish = new ArrayList<>();
        List<QueryRequest> requery = new ArrayList<>();
        List<String> flagged = new ArrayList<>();
        List<CallbackQueue.CallbackTry> callbacks = new ArrayList<>();
        return staleRouted(conn).invoke(republish::addAll)
                .chain(() -> transitions.abandonLostSubmissions(conn, config.submittingMargin(), config.batch()))
                .invoke(lost -> lost.forEach(a -> {
                    LOG.warnf("sweeper: attempt %s of payment %s on %s lost its worker mid-call; now UNKNOWN, querying (reason WORKER_LOST)",
                            a.attemptId(), a.paymentId(), a.channelCode());
                    requery.add(QueryRequest.of(a, 0));
                }))
                .chain(() -> overdueQueries(conn)).invoke(requery::addAll)
                .chain(() -> overduePayments(conn)).invoke(flagged::addAll)
                .chain(() -> overdueCallbacks(conn)).invoke(callbacks::addAll)
                .map(ignored -> new Sweep(republish, requery, flagged, callbacks, true));
    }

    /**
     * Channels whose queue of this kind holds messages: what looks overdue there is most likely
     * waiting behind a backlog, not lost, and sending it again would only grow the backlog.
     */
    private String[] backlogged(java.util.function.Function<String, String> queueOf) {
        return registry.all().stream().map(c -> c.code())
                .filter(code -> {
                    Long depth = depths.depth(queueOf.apply(code));
                    return depth != null && depth > 0;
                })
                .toArray(String[]::new);
    }

    private Uni<List<RoutedAttempt>> staleRouted(SqlConnection conn) {
        return conn.preparedQuery("update attempt set updated_at = now() where id in (select id from attempt "
                + "where status = 'ROUTED' and updated_at < now() - $1 * interval '1 millisecond' and channel_code <> all($3) "
                + "order by updated_at limit $2 for update skip locked) and status = 'ROUTED' "
                + "returning id, payment_id, merchant_id, channel_code")
                .execute(Tuple.of(config.routedAfter().toMillis(), config.batch(), backlogged(RabbitTopology::txQueue)))
                .map(rows -> {
                    List<RoutedAttempt> stale = new ArrayList<>();
                    for (Row row : rows) {
                        RoutedAttempt a = new RoutedAttempt(row.getString("id"), row.getString("payment_id"),
                                row.getString("merchant_id"), row.getString("channel_code"));
                        LOG.warnf("sweeper: attempt %s of payment %s still ROUTED to %s; publishing it again (reason ROUTED_STALE)",
                                a.attemptId(), a.paymentId(), a.channelCode());
                        stale.add(a);
                    }
                    return stale;
                });
    }

    private Uni<List<QueryRequest>> overdueQueries(SqlConnection conn) {
        // The next sweep may send it again only after another grace period.
        return conn.preparedQuery("update attempt set next_query_at = now() + $1 * interval '1 millisecond' where id in ("
                + "select id from attempt where status in ('PROCESSING', 'UNKNOWN') "
                + "and next_query_at < now() - $1 * interval '1 millisecond' and channel_code <> all($3) "
                + "order by next_query_at limit $2 for update skip locked) and status in ('PROCESSING', 'UNKNOWN') "
                + "returning id, payment_id, merchant_id, channel_code, query_count")
                .execute(Tuple.of(config.queryGrace().toMillis(), config.batch(), backlogged(RabbitTopology::queryQueue)))
                .map(rows -> {
                    List<QueryRequest> overdue = new ArrayList<>();
                    for (Row row : rows) {
                        QueryRequest q = new QueryRequest(row.getString("id"), row.getString("payment_id"),
                                row.getString("merchant_id"), row.getString("channel_code"), row.getInteger("query_count"));
                        LOG.warnf("sweeper: query %d of attempt %s (payment %s) is overdue; sending it again (reason QUERY_OVERDUE)",
                                q.step(), q.attemptId(), q.paymentId());
                        overdue.add(q);
                    }
                    return overdue;
                });
    }

    private Uni<List<String>> overduePayments(SqlConnection conn) {
        return conn.preparedQuery("update payment set flagged_at = now(), flag_reason = 'PROCESSING_PAST_DEADLINE' "
                + "where id in (select id from payment where status = 'PROCESSING' and flagged_at is null "
                + "and created_at < now() - $1 * interval '1 millisecond' limit $2) returning id")
                .execute(Tuple.of(config.processingDeadline().toMillis(), config.batch()))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    for (Row row : rows) {
                        LOG.errorf("sweeper: payment %s still PROCESSING after %s; flagged for ops (reason PROCESSING_PAST_DEADLINE)",
                                row.getString("id"), config.processingDeadline());
                        ids.add(row.getString("id"));
                    }
                    return ids;
                });
    }

    private void count(String action, int n) {
        if (n > 0) {
            meters.counter("payroute.sweeper.actions", "action", action).increment(n);
        }
    }

    private Uni<List<CallbackQueue.CallbackTry>> overdueCallbacks(SqlConnection conn) {
        return conn.preparedQuery("update notification set next_attempt_at = now() + $1 * interval '1 millisecond' where event_id in ("
                + "select event_id from notification where status = 'PENDING' and next_attempt_at < now() - $1 * interval '1 millisecond' "
                + "order by next_attempt_at limit $2 for update skip locked) and status = 'PENDING' "
                + "returning event_id, merchant_id, payment_id, attempts")
                .execute(Tuple.of(config.queryGrace().toMillis(), config.batch()))
                .map(rows -> {
                    List<CallbackQueue.CallbackTry> overdue = new ArrayList<>();
                    for (Row row : rows) {
                        LOG.warnf("sweeper: callback %s of payment %s (try %d) is overdue; sending it again (reason CALLBACK_OVERDUE)",
                                row.getString("event_id"), row.getString("payment_id"), row.getInteger("attempts"));
                        overdue.add(new CallbackQueue.CallbackTry(row.getString("event_id"), row.getString("merchant_id"),
                                row.getInteger("attempts")));
                    }
                    return overdue;
                });
    }

    private Uni<Void> publish(Sweep sweep) {
        count("republished", sweep.republished().size());
        count("queried", sweep.queried().size());
        count("flagged", sweep.flagged().size());
        count("callback_resent", sweep.callbacks().size());
        return Multi.createFrom().iterable(sweep.republished()).onItem().transformToUniAndConcatenate(submissions::publish)
                .collect().last()
                .chain(() -> Multi.createFrom().iterable(sweep.queried())
                        .onItem().transformToUniAndConcatenate(q -> queries.publish(q, Duration.ZERO))
                        .collect().last())
                .chain(() -> Multi.createFrom().iterable(sweep.callbacks())
                        .onItem().transformToUniAndConcatenate(c -> callbackQueue.publish(c, Duration.ZERO))
                        .collect().last())
                .replaceWithVoid();
    }
}
