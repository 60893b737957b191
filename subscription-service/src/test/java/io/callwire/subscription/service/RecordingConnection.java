package io.callwire.subscription.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.callwire.subscription.Caller;
import io.callwire.subscription.Subscription;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** A connection for the routing unit tests: records what it is given and whether it ran on its own loop. */
final class RecordingConnection implements SubscriberConnection {

    final List<RoutedEvent> received = new CopyOnWriteArrayList<>();
    final List<ActiveSubscription> subscriptions = new CopyOnWriteArrayList<>();
    final List<CloseCause> closes = new CopyOnWriteArrayList<>();
    /** Deliveries that ran off the connection's event loop. */
    final AtomicInteger wrongThread = new AtomicInteger();
    private final Caller caller;
    private final Context context;

    RecordingConnection(Caller caller, Context context) {
        this.caller = caller;
        this.context = context;
    }

    public UUID connectionId() { return UUID.randomUUID(); }
    public Caller caller() { return caller; }
    public String remoteAddress() { return "127.0.0.1"; }
    public Instant connectedAt() { return Instant.now(); }
    public Context context() { return context; }
    public List<Subscription> subscriptions() { return List.of(); }

    public boolean deliver(ActiveSubscription subscription, RoutedEvent event) {
        if (VertxContext.getRootContext(Vertx.currentContext()) != context) {
            wrongThread.incrementAndGet();
        }
        subscriptions.add(subscription);
        received.add(event);
        return true;
    }

    public void revoked(List<Subscription> lost) { }
    public void close(CloseCause cause) { closes.add(cause); }
}
