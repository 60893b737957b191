package io.callwire.subscription;

import java.time.Instant;
import java.util.UUID;

/**
 * Published on {@code callwire.permissions.changed} when a grant of an organization is updated or
 * deleted; every replica re-evaluates the subscriptions of that organization's open connections.
 *
 * @param organizationId the organization whose grants changed
 * @param grantId        the grant
 * @param change         {@code UPDATED} or {@code DELETED}
 * @param changedAt      when
 */
public record PermissionChange(UUID organizationId, UUID grantId, String change, Instant changedAt) {

    /** A grant was changed (possibly narrowed). */
    public static final String UPDATED = "UPDATED";
    /** A grant was removed. */
    public static final String DELETED = "DELETED";
}
