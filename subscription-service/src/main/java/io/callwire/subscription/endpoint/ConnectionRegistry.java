package io.callwire.subscription.endpoint;

import java.util.Collection;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.callwire.subscription.service.SubscriberConnection;
import io.callwire.subscription.service.SubscriberRegistry;

/**
 * The open connections of this replica as the sessions view ({@code rest.SessionResource}) reads
 * them. The registry itself is {@link SubscriberRegistry} in the service package, shared by every
 * face; this read-only view keeps the REST resource's import as it was.
 */
@Singleton
public class ConnectionRegistry {

    private final SubscriberRegistry registry;

    public ConnectionRegistry(SubscriberRegistry registry) {
        this.registry = registry;
    }

    /** The connections of an organization's callers (every face). */
    public Collection<SubscriberConnection> ofOrganization(UUID organizationId) {
        return registry.ofOrganization(organizationId);
    }

    /** The connections of a subject. */
    public Collection<SubscriberConnection> ofSubject(String subject) {
        return registry.ofSubject(subject);
    }

    /** How many connections are open. */
    public int size() {
        return registry.size();
    }
}
