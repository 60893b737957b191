package io.callwire.subscription.service;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.Context;
import io.vertx.core.Handler;

/**
 * The events waiting for one event loop's connections. The AMQP consumer posts each event's
 * recipients on that loop here; one task drains everything posted since it was scheduled, so a loop
 * busy writing takes the next events in the same task instead of one task, and often one selector
 * wake-up, per event. A task delivers at most {@link #BATCH} events, then yields the loop to its
 * sockets and schedules the rest. Events reach a loop in the order they were posted.
 */
final class LoopMailbox {

    /** Events one task delivers before it lets the loop serve its sockets again. */
    static final int BATCH = 256;

    private record Posted(List<ActiveSubscription> recipients, RoutedEvent event) {
    }

    private final Context loop;
    private final RteMetrics metrics;
    private final ConcurrentLinkedQueue<Posted> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Handler<Void> drain = v -> drain();
    /** The connections written to by the running drain, flushed at its end (a connection may repeat). */
    private final List<SubscriberConnection> written = new java.util.ArrayList<>();

    LoopMailbox(Context loop, RteMetrics metrics) {
        this.loop = loop;
        this.metrics = metrics;
    }

    /** Hands one event to these recipients (all on this loop). Any thread. */
    void post(List<ActiveSubscription> recipients, RoutedEvent event) {
        queue.offer(new Posted(recipients, event));
        if (scheduled.compareAndSet(false, true)) {
            loop.runOnContext(drain);
        }
    }

    private void drain() {
        int delivered = 0;
        int dropped = 0;
        Posted posted;
        int events = 0;
        while ((posted = queue.poll()) != null) {
            for (ActiveSubscription recipient : posted.recipients()) {
                // skipped when it ended after the lookup: nothing after its Unsubscribe completion
                SubscriberConnection connection = recipient.connection();
                if (recipient.isActive() && connection.deliverBatched(recipient, posted.event())) {
                    delivered++;
                    if (written.isEmpty() || written.get(written.size() - 1) != connection) {
                        written.add(connection);
                    }
                } else {
                    dropped++;
                }
            }
            if (++events == BATCH) {
                break;
            }
        }
        flush();
        count(delivered, dropped);
        if (posted != null) {
            loop.runOnContext(drain); // still scheduled: the rest in a task of its own
            return;
        }
        scheduled.set(false);
        // an event posted between the last poll and the reset found the flag still set: take it
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            loop.runOnContext(drain);
        }
    }

    private void flush() {
        for (int i = 0; i < written.size(); i++) {
            written.get(i).flush();
        }
        written.clear();
    }

    private void count(int delivered, int dropped) {
        if (delivered > 0) {
            metrics.delivered.increment(delivered);
        }
        if (dropped > 0) {
            metrics.dropped.increment(dropped);
        }
    }
}
