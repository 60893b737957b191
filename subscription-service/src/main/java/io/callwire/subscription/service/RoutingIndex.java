package io.callwire.subscription.service;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.inject.Singleton;

/**
 * Which subscriptions receive an event, keyed by (organization, event, entity) with the
 * all-entities and all-organizations subscriptions under null keys: routing one event costs three
 * map lookups, never a scan of the connections. Safe for concurrent use: connections add and remove
 * from their event loops while the AMQP consumer reads; every change of a key's set happens inside
 * {@link ConcurrentHashMap#compute} so an add never lands in a set that is being dropped.
 */
@Singleton
public class RoutingIndex {

    private final Map<Route, Set<ActiveSubscription>> routes = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    void add(ActiveSubscription subscription) {
        routes.compute(subscription.route(), (route, set) -> {
            Set<ActiveSubscription> target = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (target.add(subscription)) {
                size.incrementAndGet();
            }
            return target;
        });
    }

    void remove(ActiveSubscription subscription) {
        routes.computeIfPresent(subscription.route(), (route, set) -> {
            if (set.remove(subscription)) {
                size.decrementAndGet();
            }
            return set.isEmpty() ? null : set;
        });
    }

    /** Calls {@code recipient} for every subscription that receives this event. */
    void forEachRecipient(UUID organizationId, String eventType, UUID entityId, Consumer<ActiveSubscription> recipient) {
        visit(new Route(organizationId, eventType, entityId), recipient);
        visit(new Route(organizationId, eventType, null), recipient);
        visit(new Route(null, eventType, null), recipient);
    }

    /** How many subscriptions are indexed (all connections of this replica). */
    public int size() {
        return size.get();
    }

    private void visit(Route route, Consumer<ActiveSubscription> recipient) {
        Set<ActiveSubscription> set = routes.get(route);
        if (set != null) {
            set.forEach(recipient);
        }
    }
}
