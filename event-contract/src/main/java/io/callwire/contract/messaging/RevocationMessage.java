package io.callwire.contract.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * Published by auth-service on {@link Addresses#AUTH_REVOCATIONS} when tokens stop being valid
 * before their expiry: a token revoked through {@code /oauth/revoke}, a user disabled or deleted,
 * a password or roles changed, an API client deleted, a sign-in session ended (refresh-token reuse).
 *
 * <p>Three kinds, by which field is set: {@code tokenId} — that one token; {@code sessionId} — every
 * token carrying that {@code sid} claim (access, refresh and RTE tokens of one sign-in); neither —
 * every token of the subject issued at or before {@code revokedAt}.
 *
 * @param subject        the {@code sub} claim of the affected tokens (user or client GUID)
 * @param organizationId the organization the subject belongs to
 * @param tokenId        the {@code jti} of the one revoked token, or {@code null} when every token
 *                       of the subject issued at or before {@code revokedAt} is revoked
 * @param reason         why, for logs and operators (e.g. {@code user-disabled}, {@code password-changed})
 * @param revokedAt      when the revocation took effect
 * @param sessionId      the {@code sid} of the revoked sign-in session, or {@code null}
 */
public record RevocationMessage(String subject, UUID organizationId, String tokenId, String reason, Instant revokedAt,
                                String sessionId) {

    /** A token or subject revocation (no session). */
    public RevocationMessage(String subject, UUID organizationId, String tokenId, String reason, Instant revokedAt) {
        this(subject, organizationId, tokenId, reason, revokedAt, null);
    }

    /** Every token of one sign-in session ({@code sid}). */
    public static RevocationMessage session(String subject, UUID organizationId, String sessionId, String reason,
                                            Instant revokedAt) {
        return new RevocationMessage(subject, organizationId, null, reason, revokedAt, sessionId);
    }

    /** Reason given when a single token was revoked through {@code /oauth/revoke}. */
    public static final String REASON_TOKEN_REVOKED = "token-revoked";
    /** Reason given when a user was disabled. */
    public static final String REASON_USER_DISABLED = "user-disabled";
    /** Reason given when a user or client was deleted. */
    public static final String REASON_SUBJECT_DELETED = "subject-deleted";
    /** Reason given when a user's password changed. */
    public static final String REASON_PASSWORD_CHANGED = "password-changed";

    /** Reason given when a user's or client's roles changed. */
    public static final String REASON_ROLES_CHANGED = "roles-changed";
    /** Reason given when a refresh token was used twice: the whole sign-in session is revoked. */
    public static final String REASON_REFRESH_REUSED = "refresh-token-reused";
    /** Reason given when a sign-in session was ended on purpose (sign-out, refresh token revoked). */
    public static final String REASON_SESSION_ENDED = "session-ended";

    /** True when this revocation covers every token of the subject rather than one token or one session. */
    public boolean coversAllTokensOfSubject() {
        return tokenId == null && sessionId == null;
    }

    /** True when this revocation covers the tokens of one sign-in session. */
    public boolean coversSession() {
        return tokenId == null && sessionId != null;
    }
}
