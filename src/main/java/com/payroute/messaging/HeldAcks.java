package com.payroute.messaging;

import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;

/**
 * The acknowledgements of one consumer channel (one connection generation), held for a few
 * milliseconds and sent together. A quorum queue writes every basic.ack to its log as a settle
 * command of its own: with PerfTest at 400 messages a second, acking each message alone cost the
 * broker about twice what acking one in five did (0.96 against 0.55 ms of CPU per message), and
 * a payment's delivery is acked while the next ones are worked on.
 * <p>
 * A multiple ack covers every unsettled delivery of the channel up to its tag, so one is sent only
 * up to the highest tag below which every delivery is settled: done and held here, or nacked alone
 * before. A nack counts as settled only once its frame is written, so a multiple ack never covers a
 * message that is to come back, nor one still being worked on. A done delivery beyond such a gap is
 * acked alone once it has waited the hold. Acks leave in the order they are decided (one context:
 * the client writes each from that context's ordered worker queue), so none names a tag that an
 * earlier one has settled already. Held acks take room in their consumer's prefetch, so a
 * queue never has more than half its prefetch held: past that, its acks leave at once.
 * <p>
 * Nothing here acknowledges anything before its handler has finished, so "acknowledged only after
 * what it caused is committed" holds as before; held acks lost in a crash are redeliveries, which
 * every consumer takes as duplicates.
 */
final class HeldAcks {

    private static final Logger LOG = Logger.getLogger(HeldAcks.class);

    /** Settlements tracked past an unsettled delivery before holding stops on the channel (2 MB of bits). */
    private static final long MAX_GAP = 1 << 24;

    /** A done delivery whose ack is held: its queue and since when. */
    private record Held(String queue, long since) {
    }

    private final long generation;
    private final Context context;
    private final RabbitMQClient client;
    private final long holdMillis;
    private final Runnable onSent;
    private final Counter frames;

    // Guarded by this. Delivery tags of a channel are 1, 2, 3...: every tag up to settledUpTo is
    // settled at the broker or covered by an ack already queued. Bit i of settledAlone: tag
    // settledUpTo + 1 + i was acked or nacked alone (a bit set, not a set of tags, because a delivery
    // that takes a minute leaves a gap that tens of thousands of later settlements pile up behind).
    private long settledUpTo;
    private BitSet settledAlone = new BitSet();
    private final TreeMap<Long, Held> held = new TreeMap<>();
    private final Map<String, Integer> heldByQueue = new HashMap<>();
    private boolean flushScheduled;
    private boolean holding;

    /**
     * @param generation the connection generation whose channel delivered the tags
     * @param context the context all acks of this channel are written from, in order
     * @param onSent  run once per delivery whose ack has been sent (or can no longer be), for the
     *                in-flight count that graceful shutdown waits on
     * @param frames  counts the basic.ack frames sent (acks per payment, for the bench)
     */
    HeldAcks(long generation, Context context, RabbitMQClient client, Duration hold, Runnable onSent, Counter frames) {
        this.frames = frames;
        this.generation = generation;
        this.context = context;
        this.client = client;
        this.holdMillis = hold.toMillis();
        this.onSent = onSent;
        this.holding = holdMillis > 0;
    }

    long generation() {
        return generation;
    }

    /** The handler of {@code tag}, delivered from {@code queue}, is done: its delivery is to be acked. */
    synchronized void ack(long tag, String queue, int prefetch) {
        if (!holding) {
            send(tag, false, 1);
            return;
        }
        held.put(tag, new Held(queue, System.nanoTime()));
        if (heldByQueue.merge(queue, 1, Integer::sum) >= Math.max(1, prefetch / 2)) {
            flush(true);
        } else if (!flushScheduled) {
            flushScheduled = true;
            context.owner().setTimer(holdMillis, id -> flush(false));
        }
    }

    /** A nack of {@code tag} has been written: later multiple acks may pass over it. */
    synchronized void nacked(long tag) {
        settledAlone(tag);
    }

    /** Sends what is held and holds nothing from now on (the consumers stop: shutdown waits on these acks). */
    synchronized void release() {
        holding = false;
        flush(true);
    }

    /** Queues the acks that are due; under the lock, so acks leave in the order they are decided. */
    private synchronized void flush(boolean everything) {
        flushScheduled = false;
        long covered = 0;
        long highestHeld = 0;
        int passed = 0;
        while (true) {
            long next = settledUpTo + 1;
            Held h = held.remove(next);
            if (h != null) {
                heldByQueue.merge(h.queue(), -1, Integer::sum);
                covered++;
                highestHeld = next;
            } else if (!settledAlone.get(passed)) {
                break;
            }
            settledUpTo = next;
            passed++;
        }
        if (passed > 0) {
            settledAlone = settledAlone.get(passed, Math.max(passed, settledAlone.length()));
        }
        if (covered > 0) {
            // the tag named is one of those held, so it is still unsettled at the broker when the ack arrives
            send(highestHeld, true, covered);
        }
        long expired = System.nanoTime() - holdMillis * 1_000_000;
        for (Iterator<Map.Entry<Long, Held>> it = held.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Long, Held> e = it.next();
            long tag = e.getKey(); // read before remove(): TreeMap may reuse the entry for its successor
            Held h = e.getValue();
            if (everything || h.since() <= expired) {
                it.remove();
                heldByQueue.merge(h.queue(), -1, Integer::sum);
                settledAlone(tag);
                send(tag, false, 1);
            }
        }
        if (!held.isEmpty() && !flushScheduled) {
            flushScheduled = true;
            context.owner().setTimer(holdMillis, id -> flush(false));
        }
    }

    private void settledAlone(long tag) {
        if (tag <= settledUpTo) {
            return;
        }
        if (tag - settledUpTo > MAX_GAP) {
            // a delivery that never settles (its consumer was cancelled under it): stop holding on this channel
            holding = false;
            return;
        }
        settledAlone.set((int) (tag - settledUpTo - 1));
    }

    private void send(long tag, boolean multiple, long deliveries) {
        frames.increment();
        context.runOnContext(v -> client.basicAck(tag, multiple).onTermination().invoke(() -> {
            for (long i = 0; i < deliveries; i++) {
                onSent.run();
            }
        }).subscribe().with(ok -> {
        }, failure -> LOG.debugf("acknowledging delivery %s (multiple %s) failed: %s", Long.toString(tag), multiple, failure)));
    }
}
