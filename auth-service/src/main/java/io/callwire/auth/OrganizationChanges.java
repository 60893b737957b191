package io.callwire.auth;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Changes to an organization; null fields stay as they are.
 *
 * @param bindTokensToIp bind every token of the organization (access, refresh-grant and RTE) to the client address
 */
public record OrganizationChanges(@Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        Boolean enabled, Boolean bindTokensToIp) {

    /** A change of name and/or enabled state only. */
    public OrganizationChanges(String name, Boolean enabled) {
        this(name, enabled, null);
    }
}
