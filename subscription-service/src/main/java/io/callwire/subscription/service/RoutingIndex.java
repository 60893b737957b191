package io.callwire.subscription.service;

import java.util.Arrays;
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
 * from their event loops while the AMQP consumer reads; every change of a key's entry happens inside
 * {@link ConcurrentHashMap#compute} so an add never lands in an entry that is being dropped.
 * <p>
 * A key with few subscriptions (up to {@value #SMALL}) holds them in an array that is replaced,
 * never changed: most keys are one entity's, with a subscriber or a few (every connection subscribes
 * to its own User entity), and a concurrent set with its table and nodes cost about 350 bytes per
 * connection more. Past that the key holds a concurrent set (a queue every agent watches, a broadcast).
 */
@Singleton
public class RoutingIndex {

    /** Subscriptions of one key kept in an array; more go to a concurrent set. */
    static final int SMALL = 8;

    /** Per key, an {@code ActiveSubscription[]} (small, never changed once stored) or a concurrent set. */
    private final Map<Route, Object> routes = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    void add(ActiveSubscription subscription) {
        routes.compute(subscription.route(), (route, entry) -> {
            if (entry == null) {
                size.incrementAndGet();
                return new ActiveSubscription[] {subscription};
            }
            if (entry instanceof ActiveSubscription[] small) {
                for (ActiveSubscription held : small) {
                    if (held == subscription) {
                        return small;
                    }
                }
                size.incrementAndGet();
                if (small.length < SMALL) {
                    ActiveSubscription[] grown = Arrays.copyOf(small, small.length + 1);
                    grown[small.length] = subscription;
                    return grown;
                }
                Set<ActiveSubscription> large = ConcurrentHashMap.newKeySet();
                large.addAll(Arrays.asList(small));
                large.add(subscription);
                return large;
            }
            if (large(entry).add(subscription)) {
                size.incrementAndGet();
            }
            return entry;
        });
    }

    void remove(ActiveSubscription subscription) {
        routes.computeIfPresent(subscription.route(), (route, entry) -> {
            if (entry instanceof ActiveSubscription[] small) {
                for (int i = 0; i < small.length; i++) {
                    if (small[i] == subscription) {
                        size.decrementAndGet();
                        if (small.length == 1) {
                            return null;
                        }
                        ActiveSubscription[] shrunk = new ActiveSubscription[small.length - 1];
                        System.arraycopy(small, 0, shrunk, 0, i);
                        System.arraycopy(small, i + 1, shrunk, i, small.length - i - 1);
                        return shrunk;
                    }
                }
                return small;
            }
            Set<ActiveSubscription> set = large(entry);
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
        Object entry = routes.get(route);
        if (entry instanceof ActiveSubscription[] small) {
            for (ActiveSubscription subscription : small) {
                recipient.accept(subscription);
            }
        } else if (entry != null) {
            large(entry).forEach(recipient);
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<ActiveSubscription> large(Object entry) {
        return (Set<ActiveSubscription>) entry;
    }
}
