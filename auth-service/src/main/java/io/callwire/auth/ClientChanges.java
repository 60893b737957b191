package io.callwire.auth;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Changes to an API client; null fields stay as they are. */
public record ClientChanges(@Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        @Size(min = 1) List<@NotBlank String> roles,
        Boolean enabled) {
}
