package io.callwire.admin.security;

import java.time.Instant;
import java.util.UUID;

import io.callwire.admin.SignedInUser;

/**
 * One signed-in browser. The tokens stay on the server; the browser holds only the session id
 * (HttpOnly, SameSite=Strict cookie) and the CSRF token that its forms send back.
 */
public final class ConsoleSession {

    private final String id;
    private final String csrfToken;
    private final SignedInUser user;
    private String accessToken;
    private String refreshToken;
    private Instant accessTokenExpiresAt;
    private volatile Instant lastSeen;
    private volatile UUID organizationId;
    private volatile String organizationName;

    ConsoleSession(String id, String csrfToken, SignedInUser user, String accessToken, String refreshToken,
                   Instant accessTokenExpiresAt, Instant now) {
        this.id = id;
        this.csrfToken = csrfToken;
        this.user = user;
        this.accessToken = accessToken;
        this.refreshToken = refreshToken;
        this.accessTokenExpiresAt = accessTokenExpiresAt;
        this.lastSeen = now;
        this.organizationId = user.organizationId();
    }

    public String id() {
        return id;
    }

    public String csrfToken() {
        return csrfToken;
    }

    public SignedInUser user() {
        return user;
    }

    public synchronized String accessToken() {
        return accessToken;
    }

    synchronized String refreshToken() {
        return refreshToken;
    }

    synchronized Instant accessTokenExpiresAt() {
        return accessTokenExpiresAt;
    }

    synchronized void replaceTokens(String accessToken, String refreshToken, Instant expiresAt) {
        this.accessToken = accessToken;
        if (refreshToken != null) {
            this.refreshToken = refreshToken;
        }
        this.accessTokenExpiresAt = expiresAt;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void touch(Instant now) {
        lastSeen = now;
    }

    /** The organization the console works on: the user's own, or the one a platform-admin switched to. */
    public UUID organizationId() {
        return organizationId;
    }

    public String organizationName() {
        return organizationName;
    }

    public void switchOrganization(UUID organizationId, String name) {
        this.organizationId = organizationId;
        this.organizationName = name;
    }

    /**
     * The {@code organizationId} query parameter for the services: null when working on the user's own
     * organization (the token's {@code org}), the chosen one when a platform-admin switched.
     */
    public UUID actingOrganization() {
        return organizationId.equals(user.organizationId()) ? null : organizationId;
    }
}
