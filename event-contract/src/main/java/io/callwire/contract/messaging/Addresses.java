package io.callwire.contract.messaging;

/**
 * The AMQP 1.0 addresses the services exchange messages on, and the application properties that
 * travel with every message so that brokers and consumers can filter without parsing the body.
 *
 * <p>Every body is UTF-8 JSON in a single AMQP {@code Data} section with content type
 * {@code application/json}. All addresses are multicast: a consumer that wants every message
 * attaches with its own subscription, replicas that should compete share a named durable queue
 * ({@code address::queue} in Artemis).
 */
public final class Addresses {

    /** Contact-center events ({@code EventEnvelope} JSON, PascalCase as in the reference document). */
    public static final String EVENTS = "callwire.events";

    /** Token and subject revocations published by auth-service ({@link RevocationMessage}). */
    public static final String AUTH_REVOCATIONS = "callwire.auth.revocations";

    /** Permission grants removed or narrowed, published and consumed by subscription-service replicas. */
    public static final String PERMISSIONS_CHANGED = "callwire.permissions.changed";

    /** The outcome of every webhook delivery attempt, published by notifier-service. */
    public static final String DELIVERIES = "callwire.deliveries";

    /** Application property: the event name, e.g. {@code QueueStatus}. */
    public static final String PROPERTY_EVENT_TYPE = "EventType";

    /** Application property: the entity type, {@code User}, {@code Queue} or {@code CallList}. */
    public static final String PROPERTY_ENTITY_TYPE = "EntityType";

    /** Application property: the organization (tenant) GUID the message belongs to. */
    public static final String PROPERTY_ORGANIZATION_ID = "OrganizationId";

    /** Content type of every message body. */
    public static final String CONTENT_TYPE_JSON = "application/json";

    private Addresses() {
    }
}
