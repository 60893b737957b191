package io.callwire.contract.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * Published by auth-service on {@link Addresses#AUTH_REVOCATIONS} when tokens stop being valid
 * before their expiry: a token revoked through {@code /oauth/revoke}, a user disabled or deleted,
 * a password changed, an API client deleted.
 *
 * @param subject        the {@code sub} claim of the affected tokens (user or client GUID)
 * @param organizationId the organization the subject belongs to
 * @param tokenId        the {@code jti} of the one revoked token, or {@code null} when every token
 *                       of the subject issued at or before {@code revokedAt} is revoked
 * @param reason         why, for logs and operators (e.g. {@code user-disabled}, {@code password-changed})
 * @param revokedAt      when the revocation took effect
 */
public record RevocationMessage(String subject, UUID organizationId, String tokenId, String reason, Instant revokedAt) {

    /** Reason given when a single token was revoked through {@code /oauth/revoke}. */
    public static final String REASON_TOKEN_REVOKED = "token-revoked";
    /** Reason given when a user was disabled. */
    public static final String REASON_USER_DISABLED = "user-disabled";
    /** Reason given when a user or client was deleted. */
    public static final String REASON_SUBJECT_DELETED = "subject-deleted";
    /** Reason given when a user's password changed. */
    public static final String REASON_PASSWORD_CHANGED = "password-changed";

    /** True when this revocation covers every token of the subject rather than one token. */
    public boolean coversAllTokensOfSubject() {
        return tokenId == null;
    }
}
