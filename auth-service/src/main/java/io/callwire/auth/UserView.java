package io.callwire.auth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user as the API shows it (never the password hash). */
public record UserView(UUID id, UUID organizationId, String username, String displayName, List<String> roles, boolean enabled,
        Instant createdAt, Instant updatedAt) {
    /** From the entity. */
    public static UserView of(UserAccount u) {
        return new UserView(u.getId(), u.getOrganizationId(), u.getUsername(), u.getDisplayName(), u.getRoles(), u.isEnabled(),
                u.getCreatedAt(), u.getUpdatedAt());
    }
}
