package com.payroute.channel;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.messaging.Disposition;

import io.smallrye.mutiny.Uni;

/**
 * The order every channel worker keeps (submissions and queries, of payments and refunds): take a
 * permit of the account the call is made under (none free: {@code noPermit}, the channel is not
 * called), claim the work with a conditional UPDATE (nothing claimed: a duplicate or late message,
 * dropped), do it, and give the permit back however it ended. The work gets the permit, to give
 * it back as soon as the channel has answered, with the call's statistics in the same Redis call.
 */
@ApplicationScoped
public class PermittedClaim {

    private final PermitPool permits;

    PermittedClaim(PermitPool permits) {
        this.permits = permits;
    }

    public <T> Uni<Disposition> run(ChannelConfig channel, ChannelAccount account, Purpose purpose,
            Supplier<Uni<Disposition>> noPermit, Supplier<Uni<Optional<T>>> claim, BiFunction<T, PermitPool.Permit, Uni<Disposition>> work) {
        return permits.acquire(channel, account, purpose).chain(permit -> permit == null ? noPermit.get()
                : claim.get()
                        .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(Disposition.DUPLICATE) : work.apply(claimed.get(), permit))
                        .onTermination().call(permit::release));
    }
}
