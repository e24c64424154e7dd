package com.payroute.payment;

import io.smallrye.mutiny.Uni;

/**
 * Sends a committed callback on its way (implemented by the notify package). Never fails: a
 * callback whose message is lost is found in the outbox by the sweeper.
 */
public interface CallbackDispatcher {

    Uni<Void> dispatch(CallbackDue callback);
}
