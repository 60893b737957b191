package io.callwire.subscription.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.callwire.contract.event.EventEnvelope;
import io.callwire.subscription.config.HubConfig;

/**
 * The latest state event this replica has seen per (organization, event, entity), for the events
 * whose latest value is the state ({@code QueueStatus}, {@code UserStatus}, {@code UserAvailability}):
 * a client that subscribes gets it at once instead of waiting for the next change. Bounded: at most
 * {@code callwire.rte.hub.snapshot-max-entries}, the least recently updated dropped first; an entry past
 * its TTL is never handed out, and is dropped when met or once it is the least recently updated.
 */
@Singleton
public class SnapshotStore {

    /** The events kept: state, not occurrences. */
    public static final Set<String> STATE_EVENTS = Set.of("QueueStatus", "UserStatus", "UserAvailability");

    private final int maxEntries;
    private final Map<Route, EventEnvelope> latest;

    public SnapshotStore(HubConfig config) {
        this.maxEntries = config.snapshotMaxEntries();
        // access order false: insertion order, refreshed by remove + put on update (least recently updated first)
        this.latest = new LinkedHashMap<>(1024, 0.75f, false);
    }

    /** Remembers the event if it is a state event newer than the one kept. */
    public void record(EventEnvelope event, String canonicalEventName) {
        if (maxEntries <= 0 || !STATE_EVENTS.contains(canonicalEventName)) {
            return;
        }
        Route key = new Route(event.organizationId(), canonicalEventName, event.entityId());
        synchronized (latest) {
            EventEnvelope kept = latest.get(key);
            if (kept != null && kept.timestamp().isAfter(event.timestamp())) {
                return; // an older event arriving late does not replace newer state
            }
            latest.remove(key);
            latest.put(key, event);
            dropEldest(Instant.now());
        }
    }

    /**
     * Drops the least recently updated entries while there are too many or they have expired, and stops
     * at the first one still good: memory follows the state alive within its TTL, not every entity ever
     * seen up to the bound (a 30-minute soak with short-lived entities showed the heap climbing towards
     * the bound). Entries are in update order, so each is looked at once.
     */
    private void dropEldest(Instant now) {
        var eldest = latest.values().iterator();
        while (eldest.hasNext()) {
            EventEnvelope candidate = eldest.next();
            if (latest.size() <= maxEntries && !candidate.isExpiredAt(now)) {
                return;
            }
            eldest.remove();
        }
    }

    /** The latest unexpired state event of the entity, if any. */
    public Optional<EventEnvelope> latest(UUID organizationId, String eventName, UUID entityId) {
        if (organizationId == null || entityId == null || !STATE_EVENTS.contains(eventName)) {
            return Optional.empty();
        }
        Route key = new Route(organizationId, eventName, entityId);
        synchronized (latest) {
            EventEnvelope kept = latest.get(key);
            if (kept != null && kept.isExpiredAt(Instant.now())) {
                latest.remove(key);
                return Optional.empty();
            }
            return Optional.ofNullable(kept);
        }
    }

    /** How many entries are kept. */
    public int size() {
        synchronized (latest) {
            return latest.size();
        }
    }
}
