package io.callwire.auth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An API client as the API shows it; {@code clientSecret} only in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientView(UUID id, UUID organizationId, String clientId, String name, List<String> roles, boolean enabled,
        Instant createdAt, Instant updatedAt, String clientSecret) {
    /** From the entity, without the secret. */
    public static ClientView of(ApiClient c) {
        return new ClientView(c.getId(), c.getOrganizationId(), c.getClientId(), c.getName(), c.getRoles(), c.isEnabled(),
                c.getCreatedAt(), c.getUpdatedAt(), null);
    }

    /** The same view carrying the secret, once. */
    public ClientView withSecret(String secret) {
        return new ClientView(id, organizationId, clientId, name, roles, enabled, createdAt, updatedAt, secret);
    }
}
