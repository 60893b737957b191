package io.callwire.subscription;

import java.time.Instant;
import java.util.UUID;

import io.callwire.contract.event.EntityType;

/**
 * An entity known to the registry: events of it can be subscribed to by those allowed.
 *
 * @param id             the entity GUID (user id, queue id, call-list id)
 * @param organizationId the organization it belongs to
 * @param entityType     its type
 * @param name           display name, may be null for entities learnt from events or tokens
 * @param source         how it was registered: {@code API}, {@code EVENT} or {@code TOKEN}
 * @param createdAt      when it was registered
 */
public record RegisteredEntity(UUID id, UUID organizationId, EntityType entityType, String name, String source,
                               Instant createdAt) {

    /** Registered through the REST API. */
    public static final String SOURCE_API = "API";
    /** Learnt from an event that named it. */
    public static final String SOURCE_EVENT = "EVENT";
    /** Learnt from a user's token when it connected. */
    public static final String SOURCE_TOKEN = "TOKEN";
}
