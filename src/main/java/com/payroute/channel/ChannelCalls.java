package com.payroute.channel;

import java.io.IOException;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.outbound.CappedExchange;

import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;

/**
 * One call to a channel, as every worker makes it: through the channel's connector, under a merchant
 * account, behind the channel's circuit breaker for that purpose, timed and counted, and classified
 * into a {@link CallOutcome}. Never fails and never retries: a call that produced no usable answer is
 * an outcome too (not taken, or ambiguous). Permits are the caller's: it holds one around this.
 */
@ApplicationScoped
public class ChannelCalls {

    private static final Logger LOG = Logger.getLogger(ChannelCalls.class);

    private final ChannelGuards guards;
    private final Connectors connectors;
    private final ChannelMetrics metrics;

    ChannelCalls(ChannelGuards guards, Connectors connectors, ChannelMetrics metrics) {
        this.guards = guards;
        this.connectors = connectors;
        this.metrics = metrics;
    }

    /** {@code POST /orders}. */
    public Uni<CallOutcome> submit(ChannelConfig channel, ChannelAccount account, ChannelOrder order) {
        ChannelConnector connector = connectors.of(channel);
        return call(channel, Purpose.SUBMIT, "submit", () -> connector.submit(channel, account, order),
                reply -> CallOutcome.ofSubmit(reply, order.orderNo()), CallOutcome::ofFailure);
    }

    /** {@code GET /orders/{orderNo}}: a failed query never says "not taken". */
    public Uni<CallOutcome> query(ChannelConfig channel, ChannelAccount account, String orderNo) {
        ChannelConnector connector = connectors.of(channel);
        return call(channel, Purpose.QUERY, "query", () -> connector.query(channel, account, orderNo),
                reply -> CallOutcome.ofQuery(reply, orderNo), CallOutcome::ofQueryFailure);
    }

    /** {@code POST /refunds}: a submission (its permits and circuit), read exactly like {@link #submit}. */
    public Uni<CallOutcome> refund(ChannelConfig channel, ChannelAccount account, ChannelRefund refund) {
        ChannelConnector connector = connectors.of(channel);
        return call(channel, Purpose.SUBMIT, "refund", () -> connector.refund(channel, account, refund),
                reply -> CallOutcome.ofSubmit(reply, refund.refundNo()), CallOutcome::ofFailure);
    }

    /** {@code GET /refunds/{refundNo}}: a query, read exactly like {@link #query}. */
    public Uni<CallOutcome> queryRefund(ChannelConfig channel, ChannelAccount account, String refundNo) {
        ChannelConnector connector = connectors.of(channel);
        return call(channel, Purpose.QUERY, "refund_query", () -> connector.queryRefund(channel, account, refundNo),
                reply -> CallOutcome.ofQuery(reply, refundNo), CallOutcome::ofQueryFailure);
    }

    private interface FailureView {
        CallOutcome of(Throwable failure, long latencyMs);
    }

    /** {@code operation} tags the call's metrics, so refund calls never blur the channel's payment success rate. */
    private Uni<CallOutcome> call(ChannelConfig channel, Purpose purpose, String operation, Supplier<Uni<ChannelReply>> send,
            Function<ChannelReply, CallOutcome> classify, FailureView failed) {
        long started = System.nanoTime();
        metrics.calling(channel.code());
        return guards.call(channel.code(), purpose, send)
                .map(classify)
                .onFailure().recoverWithItem(failure -> {
                    CallOutcome outcome = failed.of(failure, millisSince(started));
                    if (CallOutcome.IO_ERROR.equals(outcome.code()) && !(failure instanceof IOException || failure instanceof VertxException
                            || failure instanceof CappedExchange.AnswerTooLarge)) {
                        // neither the network nor the channel: a defect on our side made the answer ambiguous; its stack says where
                        LOG.warnf(failure, "%s call to channel %s failed unexplained; its outcome is ambiguous", operation, channel.code());
                    }
                    return outcome;
                })
                .invoke(outcome -> metrics.called(channel.code(), operation, outcome, millisSince(started)));
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
