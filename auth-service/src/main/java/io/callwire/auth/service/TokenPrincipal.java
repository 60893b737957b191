package io.callwire.auth.service;

import java.util.List;
import java.util.UUID;

/**
 * Who a token is issued for.
 *
 * @param subject        user or API client GUID ({@code sub})
 * @param organizationId its organization ({@code org})
 * @param upn            username, or client id for API clients ({@code upn})
 * @param roles          {@code groups}
 * @param clientId       the OAuth client id when the subject is an API client, else null
 */
public record TokenPrincipal(UUID subject, UUID organizationId, String upn, List<String> roles, String clientId) {
}
