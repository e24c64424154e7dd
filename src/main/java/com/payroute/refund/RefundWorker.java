package com.payroute.refund;

import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.channel.ChannelAccount;
import com.payroute.channel.ChannelCalls;
import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelRefund;
import com.payroute.channel.ChannelRegistry;
import com.payroute.channel.ChannelWork;
import com.payroute.channel.PermittedClaim;
import com.payroute.channel.Purpose;
import com.payroute.channel.WorkerConfig;
import com.payroute.messaging.Delivery;
import com.payroute.messaging.Disposition;
import com.payroute.money.Money;

import io.smallrye.mutiny.Uni;

/**
 * Sends each refund on a channel's transaction queue to that channel, under the account that charged
 * its payment, exactly as payments are sent: take a permit of that account (none free: the message
 * comes back later), claim the refund (ROUTED → SUBMITTING; a duplicate claims nothing), call, record
 * the outcome, publish what it calls for, and only then acknowledge. A disabled channel still takes
 * its refunds: disabled means "no new payments".
 */
@ApplicationScoped
public class RefundWorker implements ChannelWork {

    private static final Logger LOG = Logger.getLogger(RefundWorker.class);
    private static final Set<RefundStatus> CLAIMED = EnumSet.of(RefundStatus.SUBMITTING);

    private final ChannelRegistry registry;
    private final RefundTransitions transitions;
    private final PermittedClaim claims;
    private final ChannelCalls calls;
    private final RefundFollowUps followUps;
    private final WorkerConfig worker;

    RefundWorker(ChannelRegistry registry, RefundTransitions transitions, PermittedClaim claims, ChannelCalls calls,
            RefundFollowUps followUps, WorkerConfig worker) {
        this.registry = registry;
        this.transitions = transitions;
        this.claims = claims;
        this.calls = calls;
        this.followUps = followUps;
        this.worker = worker;
    }

    @Override
    public Purpose purpose() {
        return Purpose.SUBMIT;
    }

    @Override
    public String kind() {
        return RefundQueue.KIND;
    }

    @Override
    public Uni<Disposition> handle(String channelCode, Delivery delivery) {
        RefundQueue.Submission message;
        try {
            message = RefundQueue.readSubmission(delivery.body(), channelCode);
        } catch (IllegalArgumentException | ClassCastException e) {
            LOG.errorf("unreadable refund message on %s dead-lettered", delivery.queue());
            return Uni.createFrom().item(Disposition.DEAD_LETTER);
        }
        ChannelConfig channel = registry.find(channelCode).orElse(null);
        if (channel == null) {
            LOG.errorf("refund %s names unknown channel %s; left to the sweeper", message.refundId(), channelCode);
            return Uni.createFrom().item(Disposition.ACK);
        }
        ChannelAccount account = channel.account(message.accountNo());
        if (account == null) {
            LOG.errorf("refund %s names account %s that channel %s does not have; left for ops", message.refundId(),
                    message.accountNo(), channelCode);
            return Uni.createFrom().item(Disposition.ACK);
        }
        return claims.run(channel, account, Purpose.SUBMIT, () -> followUps.backOff(message, worker.noPermitBackoff()),
                () -> transitions.claim(message.refundId(), channel), (claimed, permit) -> submit(channel, account, claimed));
    }

    private Uni<Disposition> submit(ChannelConfig channel, ChannelAccount account, ClaimedRefund refund) {
        ChannelRefund call = new ChannelRefund(refund.refundId(), refund.paymentId(),
                Money.format(refund.amount(), refund.currency()), refund.currency());
        return calls.refund(channel, account, call)
                .chain(outcome -> transitions.settle(refund, CLAIMED, outcome, followUps.schedule().first())
                        .call(settlement -> followUps.after(refund, settlement))
                        .invoke(settlement -> LOG.debugf("refund %s of payment %s on %s: %s %s (%s)", refund.refundId(),
                                refund.paymentId(), refund.channelCode(), outcome.kind(), outcome.code(), settlement.result())))
                .replaceWith(Disposition.ACK);
    }
}
