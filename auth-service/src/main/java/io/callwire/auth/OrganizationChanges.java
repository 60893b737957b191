package io.callwire.auth;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Changes to an organization; null fields stay as they are. */
public record OrganizationChanges(@Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        Boolean enabled) {
}
