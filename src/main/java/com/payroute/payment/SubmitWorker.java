package com.payroute.payment;

import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.channel.CallOutcome;
import com.payroute.channel.ChannelAccount;
import com.payroute.channel.ChannelCalls;
import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelOrder;
import com.payroute.channel.ChannelRegistry;
import com.payroute.channel.ChannelWork;
import com.payroute.channel.PermitPool;
import com.payroute.channel.PermittedClaim;
import com.payroute.channel.Purpose;
import com.payroute.messaging.Delivery;
import com.payroute.messaging.Disposition;
import com.payroute.money.Money;
import com.payroute.routing.ChannelStats;
import com.payroute.security.AccountCipher;

import io.smallrye.mutiny.Uni;

/**
 * Sends each payment attempt on a channel's transaction queue to its channel exactly once: take a
 * permit of the account the merchant calls the channel under (none free: the message comes back
 * later), claim the attempt (ROUTED → SUBMITTING, recording the account and the call's config; a
 * duplicate or redelivered message claims nothing), call the channel, give the permit back with the
 * outcome's routing statistics, record the outcome, publish what it calls for, and only then
 * acknowledge the message.
 */
@ApplicationScoped
public class SubmitWorker implements ChannelWork {

    private static final Logger LOG = Logger.getLogger(SubmitWorker.class);
    private static final Set<AttemptStatus> CLAIMED = EnumSet.of(AttemptStatus.SUBMITTING);
    private static final Set<AttemptStatus> ROUTED = EnumSet.of(AttemptStatus.ROUTED);

    private final ChannelRegistry registry;
    private final PaymentTransitions transitions;
    private final PermittedClaim claims;
    private final ChannelCalls calls;
    private final AccountCipher cipher;
    private final AttemptFollowUps followUps;
    private final ChannelStats stats;

    SubmitWorker(ChannelRegistry registry, PaymentTransitions transitions, PermittedClaim claims, ChannelCalls calls,
            AccountCipher cipher, AttemptFollowUps followUps, ChannelStats stats) {
        this.registry = registry;
        this.transitions = transitions;
        this.claims = claims;
        this.calls = calls;
        this.cipher = cipher;
        this.followUps = followUps;
        this.stats = stats;
    }

    @Override
    public Purpose purpose() {
        return Purpose.SUBMIT;
    }

    @Override
    public String kind() {
        return SubmissionQueue.KIND;
    }

    @Override
    public Uni<Disposition> handle(String channelCode, Delivery delivery) {
        RoutedAttempt message;
        try {
            message = SubmissionQueue.read(delivery.body(), channelCode);
        } catch (IllegalArgumentException e) {
            LOG.errorf("unreadable transaction message on %s dead-lettered", delivery.queue());
            return Uni.createFrom().item(Disposition.DEAD_LETTER);
        }
        ChannelConfig channel = registry.find(channelCode).orElse(null);
        if (channel == null || !channel.enabled()) {
            return notSent(message);
        }
        ChannelAccount account = channel.accountFor(message.merchantId());
        return claims.run(channel, account, Purpose.SUBMIT, () -> followUps.backOff(message),
                () -> transitions.claim(message.attemptId(), channel, account), (claimed, permit) -> submit(channel, account, claimed, permit));
    }

    private Uni<Disposition> submit(ChannelConfig channel, ChannelAccount account, ClaimedAttempt attempt, PermitPool.Permit permit) {
        ChannelOrder order = new ChannelOrder(attempt.paymentId(), attempt.type(),
                Money.format(attempt.amount(), attempt.currency()), attempt.currency(), attempt.bankCode(),
                cipher.decrypt(attempt.accountCipher(), attempt.paymentId()), attempt.holderName());
        String segment = ChannelStats.segment(attempt.bankCode(), attempt.type());
        // The channel has answered: its permit goes back now, with the outcome's statistics in the same call.
        return calls.submit(channel, account, order)
                .call(outcome -> permit.release(stats.counts(attempt.channelCode(), segment, outcome)))
                .chain(outcome -> transitions.settle(attempt, CLAIMED, outcome, followUps.firstQueryDelay())
                        .call(settlement -> followUps.after(attempt, settlement))
                        .invoke(() -> LOG.debugf("attempt %s of payment %s on %s: %s %s", attempt.attemptId(),
                                attempt.paymentId(), attempt.channelCode(), outcome.kind(), outcome.code())))
                .replaceWith(Disposition.ACK);
    }

    /** The channel is gone or disabled: the attempt, never sent, goes to the next channel. */
    private Uni<Disposition> notSent(RoutedAttempt message) {
        CallOutcome disabled = new CallOutcome(CallOutcome.Kind.NOT_TAKEN, "CHANNEL_DISABLED",
                "channel disabled before the order was sent", null, 0L);
        return transitions.load(message.attemptId()).chain(loaded -> loaded.isEmpty()
                ? Uni.createFrom().item(Disposition.DUPLICATE)
                : transitions.settle(loaded.get(), ROUTED, disabled, followUps.firstQueryDelay())
                        .call(settlement -> followUps.after(loaded.get(), settlement))
                        .map(settlement -> settlement.applied() ? Disposition.ACK : Disposition.DUPLICATE));
    }
}
