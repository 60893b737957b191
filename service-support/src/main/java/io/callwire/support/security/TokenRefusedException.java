package io.callwire.support.security;

/**
 * A verified token that is refused here: wrong kind for the endpoint, revoked, bound to another
 * address, or missing Callwire claims. The message is meant for the caller (it is the 401
 * problem's {@code detail}) and never carries token contents; the slug names the kind of refusal
 * in the problem's {@code type}. HTTP security receives it as the cause of an
 * {@code AuthenticationFailedException} (which is final).
 */
public class TokenRefusedException extends SecurityException {

    /** Slug of a token of the wrong kind for the endpoint (e.g. an RTE token on a REST API). */
    public static final String WRONG_KIND = "wrong-token-kind";
    /** Slug of a revoked token (itself, its session or its subject). */
    public static final String REVOKED = "token-revoked";
    /** Slug of a token bound to another client address. */
    public static final String OTHER_ADDRESS = "token-bound-to-other-address";
    /** Slug of a token without the Callwire claims. */
    public static final String INVALID = "invalid-token";

    private final String slug;

    public TokenRefusedException(String slug, String detail) {
        super(detail);
        this.slug = slug;
    }

    public TokenRefusedException(String detail) {
        this(INVALID, detail);
    }

    /** The problem type slug. */
    public String slug() {
        return slug;
    }
}
