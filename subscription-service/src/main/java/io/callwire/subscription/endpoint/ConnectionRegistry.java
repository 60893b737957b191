package io.callwire.subscription.endpoint;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

/**
 * The open connections of this replica, by organization (permission changes, sessions view) and by
 * subject (revocations, per-user limit).
 */
@Singleton
public class ConnectionRegistry {

    private final Set<HubConnection> all = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Set<HubConnection>> byOrganization = new ConcurrentHashMap<>();
    private final Map<String, Set<HubConnection>> bySubject = new ConcurrentHashMap<>();

    /** Registers a connection unless its subject already has {@code limit} connections. */
    boolean add(HubConnection connection, int limit) {
        boolean[] added = {false};
        bySubject.compute(connection.caller().subject(), (subject, set) -> {
            Set<HubConnection> target = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (target.size() < limit) {
                added[0] = target.add(connection);
            }
            return target.isEmpty() ? null : target;
        });
        if (added[0]) {
            all.add(connection);
            byOrganization.compute(connection.caller().organizationId(), (org, set) -> {
                Set<HubConnection> target = set == null ? ConcurrentHashMap.newKeySet() : set;
                target.add(connection);
                return target;
            });
        }
        return added[0];
    }

    void remove(HubConnection connection) {
        if (!all.remove(connection)) {
            return;
        }
        bySubject.computeIfPresent(connection.caller().subject(), (subject, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
        byOrganization.computeIfPresent(connection.caller().organizationId(), (org, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** The connections of an organization's callers. */
    public Collection<HubConnection> ofOrganization(UUID organizationId) {
        Set<HubConnection> set = byOrganization.get(organizationId);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** The connections of a subject. */
    public Collection<HubConnection> ofSubject(String subject) {
        Set<HubConnection> set = bySubject.get(subject);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** Every connection (for the ping sweep). */
    Collection<HubConnection> all() {
        return all;
    }

    /** How many connections are open. */
    public int size() {
        return all.size();
    }
}
