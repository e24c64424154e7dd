package com.payroute.messaging;

/** A worker that consumes queues; its consumers are drained on shutdown and watched by readiness. */
public interface Consuming {

    QueueConsumers consumers();
}
