package io.callwire.subscription;

import java.time.Instant;
import java.util.UUID;

/**
 * Published on {@code callwire.permissions.changed} when a grant of an organization is updated or
 * deleted, or one of its entities is deleted; every replica re-evaluates the subscriptions of that
 * organization's open connections.
 *
 * @param organizationId the organization whose grants or entities changed
 * @param grantId        the grant (null for an entity deletion)
 * @param entityId       the deleted entity (null for a grant change)
 * @param change         {@code CREATED}, {@code UPDATED}, {@code DELETED} or {@code ENTITY_DELETED}
 * @param changedAt      when
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record PermissionChange(UUID organizationId, UUID grantId, UUID entityId, String change, Instant changedAt) {

    /** A grant was changed (possibly narrowed). */
    public static final String UPDATED = "UPDATED";
    /**
     * A grant was created: nothing is lost, but streams that receive everything their caller may
     * see (Socket.IO) subscribe to what it now allows.
     */
    public static final String CREATED = "CREATED";
    /** A grant was removed. */
    public static final String DELETED = "DELETED";
    /** An entity was removed from the registry: subscriptions to it end. */
    public static final String ENTITY_DELETED = "ENTITY_DELETED";
}
