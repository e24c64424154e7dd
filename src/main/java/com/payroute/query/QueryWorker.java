package com.payroute.query;

import java.time.Duration;
import java.util.Collection;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.payroute.channel.CallOutcome;
import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelGuards;
import com.payroute.channel.ChannelMetrics;
import com.payroute.channel.ChannelRegistry;
import com.payroute.channel.ChannelsChanged;
import com.payroute.channel.Connectors;
import com.payroute.channel.PermitPool;
import com.payroute.channel.SubmissionQueue;
import com.payroute.channel.WorkerConfig;
import com.payroute.messaging.Consuming;
import com.payroute.messaging.Delivery;
import com.payroute.messaging.Disposition;
import com.payroute.messaging.MessagingConfig;
import com.payroute.messaging.QueueConsumers;
import com.payroute.messaging.RabbitSettings;
import com.payroute.messaging.RabbitTopology;
import com.payroute.payment.AttemptStatus;
import com.payroute.payment.CallbackDispatcher;
import com.payroute.payment.ClaimedAttempt;
import com.payroute.payment.PaymentTransitions;
import com.payroute.payment.Settlement;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Consumes each channel's query queue, on connections and consumers of its own, so a flood of
 * queries cannot hold up submissions. Each message is one step of an attempt's schedule: take
 * the step (a duplicate takes nothing), ask the channel, and settle the attempt if it answered
 * SUCCEEDED, FAILED or 404 (never taken: route elsewhere); otherwise schedule the next step, or
 * flag the payment for ops when the schedule is exhausted. The order is never sent again.
 */
@ApplicationScoped
public class QueryWorker implements Consuming {

    private static final Logger LOG = Logger.getLogger(QueryWorker.class);

    private final QueueConsumers consumers;
    private final ChannelRegistry registry;
    private final PaymentTransitions transitions;
    private final PermitPool permits;
    private final ChannelGuards guards;
    private final Connectors connectors;
    private final QueryQueue queries;
    private final QuerySchedule schedule;
    private final SubmissionQueue submissions;
    private final RabbitTopology topology;
    private final CallbackDispatcher callbacks;
    private final ChannelMetrics metrics;
    private final QueryConfig config;
    private final WorkerConfig worker;

    QueryWorker(Vertx vertx, RabbitSettings settings, MessagingConfig messaging, ChannelRegistry registry,
            PaymentTransitions transitions, PermitPool permits, ChannelGuards guards, Connectors connectors,
            QueryQueue queries, QuerySchedule schedule, SubmissionQueue submissions, RabbitTopology topology,
            CallbackDispatcher callbacks, ChannelMetrics metrics, QueryConfig config, WorkerConfig worker) {
        this.consumers = new QueueConsumers("query", vertx, settings, messaging);
        this.registry = registry;
        this.transitions = transitions;
        this.permits = permits;
        this.guards = guards;
        this.connectors = connectors;
        this.queries = queries;
        this.schedule = schedule;
        this.submissions = submissions;
        this.topology = topology;
        this.callbacks = callbacks;
        this.metrics = metrics;
        this.config = config;
        this.worker = worker;
    }

    void start(@Observes @Priority(41) StartupEvent event) {
        if (!worker.consume()) {
            return;
        }
        consumers.start();
        consumeAll(registry.all());
    }

    void onChannelsChanged(@Observes ChannelsChanged event) {
        if (worker.consume()) {
            consumeAll(event.channels());
        }
    }

    @Override
    public QueueConsumers consumers() {
        return consumers;
    }

    private void consumeAll(Collection<ChannelConfig> channels) {
        for (ChannelConfig channel : channels) {
            String code = channel.code();
            consumers.consume(RabbitTopology.queryQueue(code), Math.min(config.concurrency(), channel.maxConcurrency()),
                    client -> topology.declareChannel(client, code),
                    delivery -> handle(code, delivery))
                    .subscribe().with(ok -> {
                    }, failure -> LOG.warnf("query consumer for %s not started yet: %s", code, failure.toString()));
        }
    }

    Uni<Disposition> handle(String queueChannel, Delivery delivery) {
        QueryRequest query;
        try {
            query = QueryQueue.read(delivery.body(), queueChannel);
        } catch (IllegalArgumentException e) {
            LOG.errorf("unreadable query message on %s dead-lettered", delivery.queue());
            return Uni.createFrom().item(Disposition.DEAD_LETTER);
        }
        ChannelConfig channel = registry.find(query.channelCode()).orElse(null);
        if (channel == null) {
            LOG.errorf("query for attempt %s names unknown channel %s; left to the sweeper", query.attemptId(), query.channelCode());
            return Uni.createFrom().item(Disposition.ACK);
        }
        return permits.acquire(PermitPool.Kind.QUERY, channel, query.merchantId()).chain(permit -> {
            if (permit == null) {
                // The step is not taken: the same step comes back after the shortest delay.
                return queries.publish(query, schedule.first())
                        .map(published -> published ? Disposition.ACK : Disposition.RETRY);
            }
            Duration lease = Duration.ofMillis(channel.connectTimeoutMs() + channel.timeoutMs()).plus(worker.permitLeaseMargin());
            return transitions.claimQueryStep(query.attemptId(), query.step(), lease)
                    .chain(claimed -> claimed.isEmpty()
                            ? Uni.createFrom().item(Disposition.ACK) // settled already, or a duplicate of this step
                            : ask(channel, claimed.get(), query))
                    .onTermination().call(permit::release);
        });
    }

    private Uni<Disposition> ask(ChannelConfig channel, ClaimedAttempt attempt, QueryRequest query) {
        long started = System.nanoTime();
        metrics.calling(channel.code());
        return guards.call(channel.code(), ChannelGuards.Purpose.QUERY, () -> connectors.of(channel).query(channel, attempt.paymentId()))
                .map(reply -> CallOutcome.ofQuery(reply, attempt.paymentId()))
                .onFailure().recoverWithItem(failure -> CallOutcome.ofQueryFailure(failure, (System.nanoTime() - started) / 1_000_000))
                .invoke(outcome -> metrics.called(channel.code(), ChannelGuards.Purpose.QUERY, outcome,
                        (System.nanoTime() - started) / 1_000_000))
                .chain(outcome -> switch (outcome.kind()) {
                    case SUCCEEDED, FAILED, NOT_TAKEN -> settle(attempt, query, outcome);
                    case PROCESSING, AMBIGUOUS -> scheduleNext(attempt, query, outcome);
                })
                .replaceWith(Disposition.ACK);
    }

    private Uni<Void> settle(ClaimedAttempt attempt, QueryRequest query, CallOutcome outcome) {
        return transitions.settle(attempt, AttemptStatus.AWAITING_QUERY, outcome, schedule.first())
                .call(settlement -> switch (settlement.result()) {
                    case ROUTED_ELSEWHERE -> submissions.publish(settlement.next());
                    case TERMINAL -> settlement.callback() == null ? Uni.createFrom().voidItem()
                            : callbacks.dispatch(settlement.callback());
                    default -> Uni.createFrom().voidItem();
                })
                .invoke(settlement -> {
                    if (settlement.applied()) {
                        LOG.infof("attempt %s of payment %s settled by query %d on %s: %s %s (%s)", attempt.attemptId(),
                                attempt.paymentId(), query.step(), attempt.channelCode(), outcome.kind(), outcome.code(),
                                settlement.result());
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> scheduleNext(ClaimedAttempt attempt, QueryRequest query, CallOutcome outcome) {
        boolean taken = outcome.kind() == CallOutcome.Kind.PROCESSING;
        int stepsTaken = query.step() + 1;
        return schedule.delayBefore(stepsTaken)
                .map(delay -> transitions.awaitNextQuery(attempt.attemptId(), stepsTaken, delay, taken)
                        .chain(scheduled -> scheduled ? queries.publish(query.next(), delay).replaceWithVoid()
                                : Uni.createFrom().voidItem()))
                .orElseGet(() -> transitions.exhaustQueries(attempt, stepsTaken, taken).invoke(flagged -> {
                    if (flagged) {
                        LOG.errorf("payment %s flagged for ops: attempt %s on %s has no final answer after %d queries (last: %s)",
                                attempt.paymentId(), attempt.attemptId(), attempt.channelCode(), stepsTaken, outcome.code());
                    }
                }).replaceWithVoid());
    }
}
