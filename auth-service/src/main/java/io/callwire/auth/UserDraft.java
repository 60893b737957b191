package io.callwire.auth;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A new user. {@code organizationId} defaults to the caller's organization (only platform-admins
 * may name another).
 */
public record UserDraft(UUID organizationId,
        @NotBlank @Email @Size(max = 254) String username,
        @NotBlank @Size(max = 200) String displayName,
        @NotNull @Size(max = 200) String password,
        @NotEmpty List<@NotBlank String> roles) {
}
