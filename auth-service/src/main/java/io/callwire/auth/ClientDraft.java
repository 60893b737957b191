package io.callwire.auth;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new API client; {@code clientId} is generated when absent; the secret is always generated. */
public record ClientDraft(UUID organizationId,
        @Size(min = 3, max = 100) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "letters, digits, '.', '_' and '-' only") String clientId,
        @NotBlank @Size(max = 200) String name,
        @NotEmpty List<@NotBlank String> roles) {
}
