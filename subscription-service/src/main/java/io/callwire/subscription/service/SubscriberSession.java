package io.callwire.subscription.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.callwire.subscription.Guid;
import io.callwire.subscription.Subscription;
import io.callwire.subscription.SubscriptionResult;
import io.smallrye.mutiny.Uni;

/**
 * The subscriptions of one connection and the order of its invocations, whatever the face.
 * Everything here runs on the connection's event loop ({@link SubscriberConnection#context()}).
 * <p>
 * Invocations run one at a time, in arrival order, as ASP.NET Core runs a connection's hub calls:
 * {@code Subscribe([X])} followed at once by {@code UnsubscribeAll} ends with nothing subscribed,
 * because the second starts only after the first (and its database reads) completed.
 */
public final class SubscriberSession {

    /** The outcome of a Subscribe: the results and the subscriptions it created. */
    public record Subscribed(List<SubscriptionResult> results, List<ActiveSubscription> created) {
    }

    private static final int MAX_DECISION_ROUNDS = 5;
    private static final ActiveSubscription[] NONE = new ActiveSubscription[0];

    private final SubscriberConnection connection;
    private final RoutingService routing;
    private final SubscriptionService subscriptions;
    private final int maxSubscriptions;
    private final boolean snapshotOnSubscribe;
    /**
     * One subscription per (event, entity). Replaced, never changed, on the event loop; read from any
     * thread (the sessions view). An array rather than a concurrent map: a connection holds a handful
     * of subscriptions, and the map, its table, its nodes and a key string per subscription cost
     * about 500 bytes per idle connection.
     */
    private volatile ActiveSubscription[] active = NONE;
    /** Invocations waiting for the running one; created when a second one arrives (most connections never). */
    private ArrayDeque<Consumer<Runnable>> queue;
    private boolean running;
    private boolean ended;

    SubscriberSession(SubscriberConnection connection, RoutingService routing, SubscriptionService subscriptions,
                      int maxSubscriptions, boolean snapshotOnSubscribe) {
        this.connection = connection;
        this.routing = routing;
        this.subscriptions = subscriptions;
        this.maxSubscriptions = maxSubscriptions;
        this.snapshotOnSubscribe = snapshotOnSubscribe;
    }

    /**
     * Runs {@code invocation} after every invocation queued before it has called its {@code done}.
     * The invocation must call {@code done} exactly once, on the connection's event loop.
     */
    public void inOrder(Consumer<Runnable> invocation) {
        if (running) {
            if (queue == null) {
                queue = new ArrayDeque<>(4);
            }
            queue.add(invocation);
        } else {
            run(invocation);
        }
    }

    private void next() {
        Consumer<Runnable> invocation = queue == null ? null : queue.poll();
        if (invocation == null) {
            running = false;
            return;
        }
        run(invocation);
    }

    private void run(Consumer<Runnable> invocation) {
        running = true;
        boolean[] finished = {false};
        try {
            invocation.accept(() -> {
                if (!finished[0]) {
                    finished[0] = true;
                    next();
                }
            });
        } catch (RuntimeException e) {
            if (!finished[0]) {
                finished[0] = true;
                next();
            }
            throw e;
        }
    }

    /**
     * Decides the items (reference document order: GUID, event name, permission) and creates the
     * allowed subscriptions. If the organization's grants or entities changed while the decision
     * read them, it is decided again: a subscription allowed by grants that were removed in between
     * would otherwise never be checked again. Completes on the connection's event loop.
     */
    public Uni<Subscribed> subscribe(List<SubscriptionRequest> items) {
        return decideStable(items, 1).map(this::apply);
    }

    private Uni<List<SubscriptionDecision>> decideStable(List<SubscriptionRequest> items, int round) {
        long generation = routing.generation(connection.caller().organizationId());
        return subscriptions.decide(connection.caller(), items)
                .emitOn(command -> connection.context().runOnContext(v -> command.run()))
                .chain(decisions -> routing.generation(connection.caller().organizationId()) == generation
                        || round >= MAX_DECISION_ROUNDS
                        ? Uni.createFrom().item(decisions)
                        : decideStable(items, round + 1));
    }

    private Subscribed apply(List<SubscriptionDecision> decisions) {
        List<SubscriptionResult> results = new ArrayList<>(decisions.size());
        List<ActiveSubscription> created = new ArrayList<>();
        ActiveSubscription[] current = active;
        for (SubscriptionDecision decision : decisions) {
            SubscriptionRequest request = decision.request();
            if (!decision.isAllowed()) {
                results.add(decision.rejection());
                continue;
            }
            if (ended) {
                results.add(new SubscriptionResult(false, "Connection closed", request.entityId(), request.echoedEventName()));
                continue;
            }
            Subscription template = decision.allowed();
            if (find(current, current.length, template.eventType(), template.entityId()) < 0
                    && find(created, template.eventType(), template.entityId()) < 0) {
                if (current.length + created.size() >= maxSubscriptions) {
                    results.add(new SubscriptionResult(false, "Subscription limit of " + maxSubscriptions
                            + " per connection reached", request.entityId(), request.echoedEventName()));
                    continue;
                }
                Subscription subscription = new Subscription(UUID.randomUUID(), template.allRootEntities(),
                        template.rootEntityId(), template.rootEntityType(), template.organizationId(),
                        template.eventType(), template.entityType(), template.entityId(), template.allEntities());
                ActiveSubscription subscribed = new ActiveSubscription(subscription, connection);
                created.add(subscribed);
            }
            results.add(new SubscriptionResult(true, null, request.entityId(), request.echoedEventName()));
        }
        if (!created.isEmpty()) {
            ActiveSubscription[] grown = java.util.Arrays.copyOf(current, current.length + created.size());
            for (int i = 0; i < created.size(); i++) {
                grown[current.length + i] = created.get(i);
            }
            active = grown; // one copy per Subscribe, however many items it creates
            created.forEach(routing::index);
            routing.subscriptionsChanged(connection);
        }
        return new Subscribed(results, created);
    }

    /**
     * Sends each new subscription the latest state event of its entity (QueueStatus, UserStatus,
     * UserAvailability), unless the connection turned snapshots off. Call right after writing the
     * Subscribe completion, on the connection's event loop.
     */
    public void sendSnapshots(List<ActiveSubscription> created) {
        if (!snapshotOnSubscribe) {
            return;
        }
        for (ActiveSubscription subscription : created) {
            if (subscription.isActive()) {
                routing.snapshotOf(subscription).ifPresent(event -> {
                    if (connection.deliver(subscription, event)) {
                        routing.countSnapshot();
                    }
                });
            }
        }
    }

    /** Ends the items' subscriptions; each result says {@code subscribed: false}. */
    public List<SubscriptionResult> unsubscribe(List<SubscriptionRequest> items) {
        List<SubscriptionResult> results = new ArrayList<>(items.size());
        boolean changed = false;
        for (SubscriptionRequest request : items) {
            Optional<String> invalid = subscriptions.syntaxError(request);
            if (invalid.isPresent()) {
                results.add(new SubscriptionResult(false, invalid.get(), request.entityId(), request.echoedEventName()));
                continue;
            }
            String event = subscriptions.canonicalEventName(request.eventName()).orElseThrow();
            UUID entity = request.entityId() == null ? null : Guid.parse(request.entityId()).orElseThrow();
            ActiveSubscription[] current = active;
            int at = find(current, current.length, event, entity);
            if (at >= 0) {
                ActiveSubscription removed = current[at];
                ActiveSubscription[] shrunk = java.util.Arrays.copyOf(current, current.length - 1);
                if (at < shrunk.length) {
                    shrunk[at] = current[current.length - 1];
                }
                active = shrunk;
                routing.unindex(removed);
                changed = true;
            }
            results.add(new SubscriptionResult(false, null, request.entityId(), request.echoedEventName()));
        }
        if (changed) {
            routing.subscriptionsChanged(connection);
        }
        return results;
    }

    /** Ends every subscription. */
    public void unsubscribeAll() {
        removeWhere(s -> true);
    }

    /** The active subscriptions. */
    public List<Subscription> active() {
        ActiveSubscription[] current = active;
        List<Subscription> subscriptions = new ArrayList<>(current.length);
        for (ActiveSubscription subscription : current) {
            subscriptions.add(subscription.subscription());
        }
        return subscriptions;
    }

    /** Ends the subscriptions matching and tells the connection which (if any). */
    void revokeWhere(Predicate<Subscription> noLongerAllowed) {
        List<Subscription> lost = removeWhere(noLongerAllowed);
        if (!lost.isEmpty()) {
            connection.revoked(lost);
        }
    }

    /** Ends everything: the connection is gone. */
    void endAll() {
        ended = true;
        removeWhere(s -> true);
        queue = null;
    }

    private List<Subscription> removeWhere(Predicate<Subscription> predicate) {
        ActiveSubscription[] current = active;
        List<ActiveSubscription> ending = new ArrayList<>();
        List<ActiveSubscription> kept = new ArrayList<>(current.length);
        for (ActiveSubscription subscription : current) {
            (predicate.test(subscription.subscription()) ? ending : kept).add(subscription);
        }
        List<Subscription> removed = new ArrayList<>(ending.size());
        if (ending.isEmpty()) {
            return removed;
        }
        active = kept.isEmpty() ? NONE : kept.toArray(NONE);
        for (ActiveSubscription subscription : ending) {
            routing.unindex(subscription);
            removed.add(subscription.subscription());
        }
        if (!ended) {
            routing.subscriptionsChanged(connection);
        }
        return removed;
    }

    /** Where the subscription to (event, entity) is among the first {@code length}, or -1. */
    private static int find(ActiveSubscription[] subscriptions, int length, String eventType, UUID entityId) {
        for (int i = 0; i < length; i++) {
            Subscription s = subscriptions[i].subscription();
            if (s.eventType().equals(eventType) && java.util.Objects.equals(s.entityId(), entityId)) {
                return i;
            }
        }
        return -1;
    }

    private static int find(List<ActiveSubscription> subscriptions, String eventType, UUID entityId) {
        for (int i = 0; i < subscriptions.size(); i++) {
            Subscription s = subscriptions.get(i).subscription();
            if (s.eventType().equals(eventType) && java.util.Objects.equals(s.entityId(), entityId)) {
                return i;
            }
        }
        return -1;
    }
}
