package io.callwire.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A new organization. */
public record OrganizationDraft(@NotBlank @Size(max = 200) String name) {
}
