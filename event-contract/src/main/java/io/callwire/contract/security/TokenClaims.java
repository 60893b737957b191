package io.callwire.contract.security;

/**
 * Names and values of the JWT claims auth-service issues and the other services read. Standard
 * claims ({@code iss}, {@code aud}, {@code sub}, {@code upn}, {@code groups}, {@code iat},
 * {@code exp}, {@code nbf}, {@code jti}) keep their standard names.
 *
 * <p>Token kinds are kept apart by audience: REST access tokens and client-credentials tokens
 * carry {@link #AUDIENCE_API}, RTE tokens (two hours, handed to browsers and carried in URLs)
 * carry {@link #AUDIENCE_RTE}. REST endpoints accept {@code callwire-api} only, the real-time
 * endpoints ({@code /rte}, {@code /socket.io/}) {@code callwire-rte} only.
 */
public final class TokenClaims {

    /** The organization (tenant) GUID of the subject. */
    public static final String ORGANIZATION = "org";

    /**
     * Optional: the client IP address the token is bound to. A service that receives a request
     * carrying a bound token from another address refuses it (Axialys-style binding).
     */
    public static final String BOUND_IP = "ip";

    /** The sign-in session a token was minted in; revoking the session revokes every token carrying it. */
    public static final String SESSION = "sid";

    /** {@code access}, {@code rte} (what the token was minted for; the audience is what verifiers check). */
    public static final String TOKEN_USE = "token_use";
    /** Value of {@link #TOKEN_USE} for REST access tokens (users and API clients). */
    public static final String USE_ACCESS = "access";
    /** Value of {@link #TOKEN_USE} for RTE tokens. */
    public static final String USE_RTE = "rte";

    /** The OAuth client id of an API client's (client-credentials) token. */
    public static final String CLIENT_ID = "client_id";

    /** Audience of REST access tokens and client-credentials tokens: every service's REST API. */
    public static final String AUDIENCE_API = "callwire-api";
    /** Audience of RTE tokens: the real-time endpoints only ({@code /rte}, {@code /socket.io/}). */
    public static final String AUDIENCE_RTE = "callwire-rte";

    /**
     * The REST audience under its former name.
     *
     * @deprecated tokens now carry one audience per kind: use {@link #AUDIENCE_API} or {@link #AUDIENCE_RTE}
     */
    @Deprecated
    public static final String AUDIENCE = AUDIENCE_API;

    private TokenClaims() {
    }
}
