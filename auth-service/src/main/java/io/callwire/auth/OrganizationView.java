package io.callwire.auth;

import java.time.Instant;
import java.util.UUID;

/** An organization as the API shows it. */
public record OrganizationView(UUID id, String name, boolean enabled, boolean bindTokensToIp, Instant createdAt, Instant updatedAt) {
    /** From the entity. */
    public static OrganizationView of(Organization o) {
        return new OrganizationView(o.getId(), o.getName(), o.isEnabled(), o.isBindTokensToIp(), o.getCreatedAt(), o.getUpdatedAt());
    }
}
