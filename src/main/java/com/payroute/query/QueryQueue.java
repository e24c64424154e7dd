package com.payroute.query;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.channel.ChannelQueues;
import com.payroute.channel.Purpose;
import com.payroute.payment.ClaimedAttempt;
import com.payroute.payment.QueryScheduler;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Payment attempts' query steps on their channel's query queue ({@code query.<channel>}, kind
 * "attempt"), reached through a delay queue when a query is due later. Never shared with
 * transactions. A query message that is lost is sent again by the sweeper once its attempt's query
 * is overdue.
 */
@ApplicationScoped
public class QueryQueue implements QueryScheduler {

    private static final Logger LOG = Logger.getLogger(QueryQueue.class);
    static final String KIND = "attempt";

    private final ChannelQueues queues;
    private final QuerySchedule schedule;

    QueryQueue(ChannelQueues queues, QuerySchedule schedule) {
        this.queues = queues;
        this.schedule = schedule;
    }

    @Override
    public Duration firstDelay() {
        return schedule.first();
    }

    @Override
    public Uni<Boolean> scheduleFirst(ClaimedAttempt attempt) {
        return publish(QueryRequest.of(attempt, 0), schedule.first());
    }

    /** The delay before query step {@code step}, or empty when the schedule is exhausted. */
    public java.util.Optional<Duration> delayBefore(int step) {
        return schedule.delayBefore(step);
    }

    /** Schedules the query after {@code delay} (zero: now); reports whether the broker confirmed, never fails. */
    public Uni<Boolean> publish(QueryRequest query, Duration delay) {
        return queues.publish(Purpose.QUERY, query.channelCode(), KIND, query.attemptId() + "/" + query.step(), toJson(query), delay)
                .replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
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
        return new QueryRequest(attemptId, paymentId, merchantId, channelCode, body.getString("accountNo"), step);
    }

    private static JsonObject toJson(QueryRequest query) {
        return new JsonObject()
                .put("attemptId", query.attemptId())
                .put("paymentId", query.paymentId())
                .put("merchantId", query.merchantId())
                .put("accountNo", query.accountNo())
                .put("step", query.step());
    }
}
