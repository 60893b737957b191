package io.callwire.auth;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Changes to a user; null fields stay as they are. A new password or fewer rights revoke its tokens. */
public record UserChanges(@Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String displayName,
        @Size(max = 200) String password,
        @Size(min = 1) List<@NotBlank String> roles,
        Boolean enabled) {
}
