package io.callwire.contract.security;

/**
 * Names of the JWT claims auth-service issues and the other services read. Standard claims
 * ({@code iss}, {@code aud}, {@code sub}, {@code upn}, {@code groups}, {@code iat}, {@code exp},
 * {@code jti}) keep their standard names.
 */
public final class TokenClaims {

    /** The organization (tenant) GUID of the subject. */
    public static final String ORGANIZATION = "org";

    /**
     * Optional: the client IP address the token is bound to. A service that receives a request
     * carrying a bound token from another address refuses it (Axialys-style binding).
     */
    public static final String BOUND_IP = "ip";

    /** The audience every Callwire service accepts. */
    public static final String AUDIENCE = "callwire";

    private TokenClaims() {
    }
}
