package com.payroute.refund;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.payroute.channel.ChannelQueues;
import com.payroute.channel.Purpose;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Refunds on their channel's queues, as work of kind "refund": submissions on {@code tx.<channel>},
 * query steps on {@code query.<channel>} (the tx/query split of payments, with the same prefetch and
 * consumers). Publishing never fails for the caller: the refund's state is in PostgreSQL and the
 * sweeper sends what went missing.
 */
@ApplicationScoped
public class RefundQueue {

    private static final Logger LOG = Logger.getLogger(RefundQueue.class);
    static final String KIND = "refund";

    /** A refund to submit (again) to its channel, under the account that charged its payment. */
    public record Submission(String refundId, String paymentId, String merchantId, String channelCode, String accountNo) {
    }

    /** Query step {@code step} of a refund whose outcome is open. */
    public record Query(String refundId, String paymentId, String merchantId, String channelCode, String accountNo, int step) {
        Query next() {
            return new Query(refundId, paymentId, merchantId, channelCode, accountNo, step + 1);
        }
    }

    private final ChannelQueues queues;
    private final RefundConfig config;

    RefundQueue(ChannelQueues queues, RefundConfig config) {
        this.queues = queues;
        this.config = config;
    }

    void declareDelays(@Observes @Priority(12) StartupEvent event) {
        queues.declareDelay(Purpose.SUBMIT, config.notTakenRetry());
    }

    /** Publishes after {@code delay} (zero: now) and reports whether the broker confirmed; never fails. */
    public Uni<Boolean> submit(Submission refund, Duration delay) {
        JsonObject body = new JsonObject().put("refundId", refund.refundId()).put("paymentId", refund.paymentId())
                .put("merchantId", refund.merchantId()).put("accountNo", refund.accountNo());
        return queues.publish(Purpose.SUBMIT, refund.channelCode(), KIND, refund.refundId(), body, delay)
                .replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("refund %s not published (%s); the sweeper will publish it", refund.refundId(), failure.toString());
                    return false;
                });
    }

    /** Publishes the query step after {@code delay} (zero: now) and reports whether the broker confirmed; never fails. */
    public Uni<Boolean> query(Query query, Duration delay) {
        JsonObject body = new JsonObject().put("refundId", query.refundId()).put("paymentId", query.paymentId())
                .put("merchantId", query.merchantId()).put("accountNo", query.accountNo()).put("step", query.step());
        return queues.publish(Purpose.QUERY, query.channelCode(), KIND, query.refundId() + "/" + query.step(), body, delay)
                .replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("query %d of refund %s not published (%s); the sweeper will send it", query.step(),
                            query.refundId(), failure.toString());
                    return false;
                });
    }

    static Submission readSubmission(JsonObject body, String channelCode) {
        String refundId = body.getString("refundId");
        String paymentId = body.getString("paymentId");
        String merchantId = body.getString("merchantId");
        String accountNo = body.getString("accountNo");
        if (refundId == null || paymentId == null || merchantId == null || accountNo == null) {
            throw new IllegalArgumentException("not a refund message");
        }
        return new Submission(refundId, paymentId, merchantId, channelCode, accountNo);
    }

    static Query readQuery(JsonObject body, String channelCode) {
        String refundId = body.getString("refundId");
        String paymentId = body.getString("paymentId");
        String merchantId = body.getString("merchantId");
        String accountNo = body.getString("accountNo");
        Integer step = body.getInteger("step");
        if (refundId == null || paymentId == null || merchantId == null || accountNo == null || step == null || step < 0) {
            throw new IllegalArgumentException("not a refund query message");
        }
        return new Query(refundId, paymentId, merchantId, channelCode, accountNo, step);
    }
}
