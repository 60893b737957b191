package io.callwire.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What subscription-service answers and accepts: entities, grants and live sessions. */
public final class Permissions {

    private Permissions() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entity(UUID id, String entityType, String name, String source, Instant createdAt) {

        public String label() {
            return (name == null || name.isBlank() ? id.toString() : name) + " (" + entityType + ")";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewEntity(String entityType, UUID id, String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Grant(UUID id, String principalType, String principal, String entityType, UUID entityId,
                        List<String> events, Instant createdAt) {

        public String eventsText() {
            return events == null || events.isEmpty() ? "all events" : String.join(", ", events);
        }
    }

    public record GrantSpec(String principalType, String principal, String entityType, UUID entityId, List<String> events) {
    }

    /** Read by hand from subscription-service's page ({@code SubscriptionClient.sessions}): registered for native images. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection(targets = {LiveSession.class, ActiveSubscription.class})
    public record LiveSession(UUID connectionId, String subject, String upn, String remoteAddress, Instant connectedAt,
                              List<ActiveSubscription> subscriptions) {

        public int subscriptionCount() {
            return subscriptions == null ? 0 : subscriptions.size();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ActiveSubscription(String eventType, String entityType, UUID entityId, boolean allEntities) {
    }
}
