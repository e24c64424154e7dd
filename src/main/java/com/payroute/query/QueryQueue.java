package com.payroute.query;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.messaging.MessagePublisher;
import com.payroute.messaging.RabbitTopology;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * The per-channel query queues ({@code query.<channel>}), reached through a delay queue when a
 * query is due later. Never shared with transactions. A query message that is lost is sent
 * again by the sweeper once its attempt's query is overdue.
 */
@ApplicationScoped
public class QueryQueue {

    private static final Logger LOG = Logger.getLogger(QueryQueue.class);

    private final MessagePublisher publisher;

    QueryQueue(MessagePublisher publisher) {
        this.publisher = publisher;
    }

    /** Schedules the query after {@code delay} (zero: now); reports whether the broker confirmed, never fails. */
    public Uni<Boolean> publish(QueryRequest query, Duration delay) {
        String messageId = query.attemptId() + "/" + query.step();
        Uni<Void> publish = delay.isZero()
                ? publisher.publish(RabbitTopology.QUERY_EXCHANGE, query.channelCode(), messageId, toJson(query))
                : publisher.publishDelayed(RabbitTopology.QUERY_EXCHANGE, query.channelCode(), messageId, toJson(query), delay);
        return publish.replaceWith(true).onFailure().recoverWithItem(failure -> {
            LOG.warnf("query %d of attempt %s (payment %s) not published (%s); the sweeper will send it",
                    query.step(), query.attemptId(), query.paymentId(), failure.toString());
            return false;
        });
    }

    static QueryRequest read(JsonObject body, String channelCode) {
        String attemptId = body.getString("attemptId");
        String paymentId = body.getString("paymentId");
        String merchantId = body.getString("merchantId");
        Integer step = body.getInteger("step");
        if (attemptId == null || paymentId == null || merchantId == null || step == null || step < 0) {
            throw new IllegalArgumentException("not a query message");
        }
        return new QueryRequest(attemptId, paymentId, merchantId, channelCode, step);
    }

    private static JsonObject toJson(QueryRequest query) {
        return new JsonObject()
                .put("attemptId", query.attemptId())
                .put("paymentId", query.paymentId())
                .put("merchantId", query.merchantId())
                .put("step", query.step());
    }
}
