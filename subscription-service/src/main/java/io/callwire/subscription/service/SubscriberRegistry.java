package io.callwire.subscription.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

/**
 * The open connections of this replica, of every face, by organization (permission changes) and by
 * subject (revocations, per-user limit on this replica; the deployment-wide count is the
 * {@link ConnectionLedger}'s).
 * <p>
 * The per-user limit is taken as a {@link Slot} before the WebSocket upgrade and turned into the
 * registration when the connection opens, both inside one {@code compute} of the subject's entry:
 * simultaneous connects cannot all pass the check, and a client over the limit is refused with 429
 * before the upgrade rather than closed after it. A slot whose upgrade never completes lapses.
 */
@Singleton
public class SubscriberRegistry {

    private static final long SLOT_LIFETIME_NANOS = 30_000_000_000L;

    private final Set<SubscriberConnection> all = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Set<SubscriberConnection>> byOrganization = new ConcurrentHashMap<>();
    private final Map<String, Subject> bySubject = new ConcurrentHashMap<>();

    /** A place taken for one connection of a subject before it opens. */
    public static final class Slot {
        private final String subject;
        private final Admission admission;
        private final long expiresAt = System.nanoTime() + SLOT_LIFETIME_NANOS;

        private Slot(Admission admission) {
            this.subject = admission.caller().subject();
            this.admission = admission;
        }

        /** The connection the slot was taken for, as the deployment-wide ledger records it. */
        public Admission admission() {
            return admission;
        }

        boolean lapsed(long now) {
            return now - expiresAt > 0;
        }
    }

    /**
     * The connections and untaken slots of one subject; only changed inside compute. Lists, not hash
     * sets: a subject has a few connections (at most the per-user limit), and two hash sets cost
     * about 300 bytes per connected user.
     */
    private static final class Subject {
        final List<SubscriberConnection> connections = new java.util.ArrayList<>(1);
        /** Created for the first slot, dropped when the last is taken or lapses. */
        List<Slot> slots;

        int used(long now) {
            if (slots != null) {
                slots.removeIf(slot -> slot.lapsed(now));
                if (slots.isEmpty()) {
                    slots = null;
                }
            }
            return connections.size() + (slots == null ? 0 : slots.size());
        }

        void addSlot(Slot slot) {
            if (slots == null) {
                slots = new java.util.ArrayList<>(1);
            }
            slots.add(slot);
        }

        boolean removeSlot(Slot slot) {
            if (slots == null || !slots.remove(slot)) {
                return false;
            }
            if (slots.isEmpty()) {
                slots = null;
            }
            return true;
        }

        boolean isEmpty() {
            return connections.isEmpty() && slots == null;
        }
    }

    /**
     * Takes a slot for one more connection of the admission's subject on this replica; empty if it
     * already has {@code limit} here (the deployment-wide count is the ledger's, see {@link RoutingService#reserve}).
     */
    public Optional<Slot> reserve(Admission admission, int limit) {
        Slot[] taken = {null};
        bySubject.compute(admission.caller().subject(), (key, entry) -> {
            Subject target = entry == null ? new Subject() : entry;
            if (target.used(System.nanoTime()) < limit) {
                taken[0] = new Slot(admission);
                target.addSlot(taken[0]);
            }
            return target.isEmpty() ? null : target;
        });
        return Optional.ofNullable(taken[0]);
    }

    /** Gives a slot back (the upgrade was refused later). */
    public void release(Slot slot) {
        bySubject.computeIfPresent(slot.subject, (key, entry) -> {
            entry.removeSlot(slot);
            return entry.isEmpty() ? null : entry;
        });
    }

    /**
     * Registers a connection in the slot taken for it. A lapsed or unknown slot still registers if
     * the subject is under {@code limit}; false when it is not.
     */
    boolean add(SubscriberConnection connection, Slot slot, int limit) {
        boolean[] added = {false};
        bySubject.compute(connection.caller().subject(), (key, entry) -> {
            Subject target = entry == null ? new Subject() : entry;
            boolean held = slot != null && target.removeSlot(slot);
            if ((held || target.used(System.nanoTime()) < limit) && !target.connections.contains(connection)) {
                added[0] = target.connections.add(connection);
            }
            return target.isEmpty() ? null : target;
        });
        if (added[0]) {
            all.add(connection);
            byOrganization.compute(connection.caller().organizationId(), (org, set) -> {
                Set<SubscriberConnection> target = set == null ? ConcurrentHashMap.newKeySet() : set;
                target.add(connection);
                return target;
            });
        }
        return added[0];
    }

    /** Removes a connection; true if it was registered. */
    boolean remove(SubscriberConnection connection) {
        if (!all.remove(connection)) {
            return false;
        }
        bySubject.computeIfPresent(connection.caller().subject(), (key, entry) -> {
            entry.connections.remove(connection);
            return entry.isEmpty() ? null : entry;
        });
        byOrganization.computeIfPresent(connection.caller().organizationId(), (org, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
        return true;
    }

    /** The connections of an organization's callers. */
    public Collection<SubscriberConnection> ofOrganization(UUID organizationId) {
        Set<SubscriberConnection> set = byOrganization.get(organizationId);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** The connections of a subject. */
    public Collection<SubscriberConnection> ofSubject(String subject) {
        List<List<SubscriberConnection>> result = new java.util.ArrayList<>(1);
        // read inside compute: the entry's lists are changed only there
        bySubject.computeIfPresent(subject, (key, entry) -> {
            result.add(List.copyOf(entry.connections));
            return entry;
        });
        return result.isEmpty() ? List.of() : result.get(0);
    }

    /** Every connection. */
    public Collection<SubscriberConnection> all() {
        return List.copyOf(all);
    }

    /** How many connections are open. */
    public int size() {
        return all.size();
    }
}
