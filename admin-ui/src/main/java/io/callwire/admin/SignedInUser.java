package io.callwire.admin;

import java.util.List;
import java.util.UUID;

/** Who is signed in, read from the claims of the access token auth-service issued. */
public record SignedInUser(UUID id, UUID organizationId, String username, List<String> roles) {

    public SignedInUser {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public boolean isPlatformAdmin() {
        return roles.contains("platform-admin");
    }

    public boolean isOrgAdmin() {
        return roles.contains("org-admin") || isPlatformAdmin();
    }
}
