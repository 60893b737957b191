package io.callwire.auth.service;

/**
 * An RFC 6749 error of the token or revocation endpoint: the {@code error} code, a description safe
 * to show, the HTTP status and, for lockouts, how many seconds to wait.
 */
public class OAuthException extends RuntimeException {

    private final String error;
    private final int status;
    private final long retryAfterSeconds;

    public OAuthException(String error, String description, int status) {
        this(error, description, status, 0);
    }

    public OAuthException(String error, String description, int status, long retryAfterSeconds) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String error() { return error; }
    public int status() { return status; }
    public long retryAfterSeconds() { return retryAfterSeconds; }

    /** A required parameter is missing, repeated or malformed. */
    public static OAuthException invalidRequest(String description) {
        return new OAuthException("invalid_request", description, 400);
    }

    /** Client authentication failed. */
    public static OAuthException invalidClient() {
        return new OAuthException("invalid_client", "Client authentication failed", 401);
    }

    /** Credentials or refresh token are wrong, expired or revoked: always the same words. */
    public static OAuthException invalidGrant(String description) {
        return new OAuthException("invalid_grant", description, 400);
    }

    /** The grant type is not one of password, client_credentials, refresh_token. */
    public static OAuthException unsupportedGrantType() {
        return new OAuthException("unsupported_grant_type", "Supported grant types: password, client_credentials, refresh_token", 400);
    }

    /** Too many failed sign-ins for this username or address. */
    public static OAuthException rateLimited() {
        return new OAuthException("too_many_requests", "Too many requests from this address; retry in a second", 429, 1);
    }

    /** 429: the account name is locked after too many failures. */
    public static OAuthException locked(long retryAfterSeconds) {
        return new OAuthException("too_many_attempts",
                "Too many failed sign-in attempts; try again in " + retryAfterSeconds + " seconds", 429, retryAfterSeconds);
    }
}
