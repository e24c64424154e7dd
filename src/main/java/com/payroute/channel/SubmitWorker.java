package com.payroute.channel;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.payroute.messaging.Consuming;
import com.payroute.messaging.Delivery;
import com.payroute.messaging.Disposition;
import com.payroute.messaging.MessagePublisher;
import com.payroute.messaging.MessagingConfig;
import com.payroute.messaging.QueueConsumers;
import com.payroute.messaging.RabbitSettings;
import com.payroute.messaging.RabbitTopology;
import com.payroute.payment.AttemptStatus;
import com.payroute.payment.CallbackDispatcher;
import com.payroute.payment.ClaimedAttempt;
import com.payroute.payment.Money;
import com.payroute.payment.PaymentTransitions;
import com.payroute.payment.RoutedAttempt;
import com.payroute.payment.Settlement;
import com.payroute.query.QueryQueue;
import com.payroute.query.QueryRequest;
import com.payroute.query.QuerySchedule;
import com.payroute.routing.ChannelStats;
import com.payroute.security.AccountCipher;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Consumes each channel's transaction queue (prefetch = the channel's concurrency limit) and
 * sends each attempt to its channel exactly once:
 * claim the attempt (ROUTED → SUBMITTING; a duplicate or redelivered message claims nothing),
 * take a permit for (channel, merchant), call the channel with its timeout behind its circuit
 * breaker, record the outcome, and only then acknowledge the message.
 */
@ApplicationScoped
public class SubmitWorker implements Consuming {

    private static final Logger LOG = Logger.getLogger(SubmitWorker.class);
    private static final Set<AttemptStatus> CLAIMED = EnumSet.of(AttemptStatus.SUBMITTING);

    private final QueueConsumers consumers;
    private final ChannelRegistry registry;
    private final PaymentTransitions transitions;
    private final PermitPool permits;
    private final ChannelGuards guards;
    private final Connectors connectors;
    private final AccountCipher cipher;
    private final SubmissionQueue submissions;
    private final ChannelStats stats;
    private final RabbitTopology topology;
    private final MessagePublisher publisher;
    private final QueryQueue queries;
    private final QuerySchedule querySchedule;
    private final CallbackDispatcher callbacks;
    private final ChannelMetrics metrics;
    private final WorkerConfig config;

    SubmitWorker(Vertx vertx, RabbitSettings settings, MessagingConfig messaging, ChannelRegistry registry,
            PaymentTransitions transitions, PermitPool permits, ChannelGuards guards, Connectors connectors,
            AccountCipher cipher, SubmissionQueue submissions, ChannelStats stats, RabbitTopology topology,
            MessagePublisher publisher, QueryQueue queries, QuerySchedule querySchedule, CallbackDispatcher callbacks,
            ChannelMetrics metrics, WorkerConfig config) {
        this.consumers = new QueueConsumers("tx", vertx, settings, messaging);
        this.registry = registry;
        this.transitions = transitions;
        this.permits = permits;
        this.guards = guards;
        this.connectors = connectors;
        this.cipher = cipher;
        this.submissions = submissions;
        this.stats = stats;
        this.topology = topology;
        this.publisher = publisher;
        this.queries = queries;
        this.querySchedule = querySchedule;
        this.callbacks = callbacks;
        this.metrics = metrics;
        this.config = config;
    }

    void start(@Observes @Priority(40) StartupEvent event) {
        if (!config.consume()) {
            return;
        }
        publisher.declareDelay(RabbitTopology.TX_EXCHANGE, config.noPermitBackoff())
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("no-permit delay queue declared on connection instead: %s", failure));
        consumers.start();
        consumeAll(registry.all());
    }

    void onChannelsChanged(@Observes ChannelsChanged event) {
        if (config.consume()) {
            consumeAll(event.channels());
        }
    }

    @Override
    public QueueConsumers consumers() {
        return consumers;
    }

    private void consumeAll(Collection<ChannelConfig> channels) {
        for (ChannelConfig channel : channels) {
            // Disabled channels are consumed too: what is queued for them is routed elsewhere.
            String code = channel.code();
            consumers.consume(RabbitTopology.txQueue(code), channel.maxConcurrency(),
                    client -> topology.declareChannel(client, code),
                    delivery -> handle(code, delivery))
                    .subscribe().with(ok -> {
                    }, failure -> LOG.warnf("consumer for %s not started yet: %s", code, failure.toString()));
        }
    }

    Uni<Disposition> handle(String queueChannel, Delivery delivery) {
        RoutedAttempt message;
        try {
            message = SubmissionQueue.read(delivery.body(), queueChannel);
        } catch (IllegalArgumentException e) {
            LOG.errorf("unreadable transaction message on %s dead-lettered", delivery.queue());
            return Uni.createFrom().item(Disposition.DEAD_LETTER);
        }
        return transitions.claim(message.attemptId()).chain(claimed -> {
            if (claimed.isEmpty()) {
                LOG.debugf("attempt %s is not ROUTED any more; duplicate message dropped", message.attemptId());
                return Uni.createFrom().item(Disposition.ACK);
            }
            return submit(claimed.get());
        });
    }

    private Uni<Disposition> submit(ClaimedAttempt attempt) {
        ChannelConfig channel = registry.find(attempt.channelCode()).orElse(null);
        if (channel == null || !channel.enabled()) {
            return settle(attempt, new CallOutcome(CallOutcome.Kind.NOT_TAKEN, "CHANNEL_DISABLED",
                    "channel disabled before the order was sent", null, 0L));
        }
        return permits.acquire(PermitPool.Kind.TX, channel, attempt.merchantId()).chain(permit -> {
            if (permit == null) {
                return backOff(attempt);
            }
            return Uni.createFrom().deferred(() -> call(channel, attempt))
                    .onTermination().call(permit::release)
                    .chain(outcome -> settle(attempt, outcome));
        });
    }

    private Uni<CallOutcome> call(ChannelConfig channel, ClaimedAttempt attempt) {
        ChannelOrder order = new ChannelOrder(attempt.paymentId(), attempt.type(),
                Money.format(attempt.amount(), attempt.currency()), attempt.currency(), attempt.bankCode(),
                cipher.decrypt(attempt.accountCipher(), attempt.paymentId()), attempt.holderName());
        ChannelConnector connector = connectors.of(channel);
        long started = System.nanoTime();
        metrics.calling(channel.code());
        return guards.call(channel.code(), ChannelGuards.Purpose.SUBMIT, () -> connector.submit(channel, order))
                .map(reply -> CallOutcome.ofSubmit(reply, attempt.paymentId()))
                .onFailure().recoverWithItem(failure -> CallOutcome.ofFailure(failure, (System.nanoTime() - started) / 1_000_000))
                .invoke(outcome -> metrics.called(channel.code(), ChannelGuards.Purpose.SUBMIT, outcome,
                        (System.nanoTime() - started) / 1_000_000));
    }

    private Uni<Disposition> settle(ClaimedAttempt attempt, CallOutcome outcome) {
        return transitions.settle(attempt, CLAIMED, outcome, querySchedule.first())
                .call(settlement -> recordStats(attempt.channelCode(), outcome))
                .call(settlement -> followUp(attempt, settlement))
                .invoke(() -> LOG.debugf("attempt %s of payment %s on %s: %s %s", attempt.attemptId(),
                        attempt.paymentId(), attempt.channelCode(), outcome.kind(), outcome.code()))
                .replaceWith(Disposition.ACK);
    }

    /** After the commit: the next channel's attempt, or the first query of an open one. */
    private Uni<Boolean> followUp(ClaimedAttempt attempt, Settlement settlement) {
        return switch (settlement.result()) {
            case ROUTED_ELSEWHERE -> submissions.publish(settlement.next());
            case AWAITING_QUERY -> queries.publish(QueryRequest.of(attempt, 0), querySchedule.first());
            case TERMINAL -> settlement.callback() == null ? Uni.createFrom().item(false)
                    : callbacks.dispatch(settlement.callback()).replaceWith(true);
            default -> Uni.createFrom().item(false);
        };
    }

    private Uni<Void> recordStats(String channel, CallOutcome outcome) {
        return switch (outcome.kind()) {
            case SUCCEEDED -> stats.record(channel, true);
            case FAILED, AMBIGUOUS -> stats.record(channel, false);
            case NOT_TAKEN -> "CONNECT_FAILED".equals(outcome.code()) ? stats.record(channel, false) : Uni.createFrom().voidItem();
            case PROCESSING -> Uni.createFrom().voidItem();
        };
    }

    /** No permit free: the channel was not called, so put the attempt back and try again shortly. */
    private Uni<Disposition> backOff(ClaimedAttempt attempt) {
        RoutedAttempt routed = attempt.routedAs(attempt.attemptId(), attempt.channelCode());
        return transitions.unclaim(attempt.attemptId())
                .chain(() -> submissions.publishLater(routed, config.noPermitBackoff()))
                .replaceWith(Disposition.ACK)
                .onFailure().recoverWithItem(Disposition.RETRY);
    }
}
