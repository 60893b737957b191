package io.callwire.contract.security;

/** The roles carried in the {@code groups} claim. */
public final class Roles {

    /** Operates the platform: every organization. */
    public static final String PLATFORM_ADMIN = "platform-admin";
    /** Administers one organization. */
    public static final String ORG_ADMIN = "org-admin";
    /** Supervises agents and queues in one organization. */
    public static final String SUPERVISOR = "supervisor";
    /** A contact-center agent. */
    public static final String AGENT = "agent";
    /** A machine client (client credentials). */
    public static final String INTEGRATION = "integration";
    /**
     * A Callwire service acting as a machine client of another (client credentials), e.g.
     * subscription-service reading auth-service's revocations. Grants no tenant data; only
     * platform administrators give it, and only to API clients.
     */
    public static final String PLATFORM_SERVICE = "platform-service";

    private Roles() {
    }
}
