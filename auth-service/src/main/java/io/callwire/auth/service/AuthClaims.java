package io.callwire.auth.service;

/** Claims auth-service adds beyond the shared ones in {@code TokenClaims}. */
public final class AuthClaims {

    /** {@code access} (from /oauth/token) or {@code rte} (from the RTE token call). */
    public static final String TOKEN_USE = io.callwire.contract.security.TokenClaims.TOKEN_USE;
    /** Value of {@link #TOKEN_USE} for access tokens. */
    public static final String USE_ACCESS = "access";
    /** Value of {@link #TOKEN_USE} for RTE tokens: valid for the WebSocket, not for auth-service's own API. */
    public static final String USE_RTE = "rte";
    /** The OAuth client id of an API client's token. */
    public static final String CLIENT_ID = io.callwire.contract.security.TokenClaims.CLIENT_ID;
    /** RFC 8693 actor: who obtained a token on behalf of its subject. */
    public static final String ACTOR = "act";

    private AuthClaims() {
    }
}
