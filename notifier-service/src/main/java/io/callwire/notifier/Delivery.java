package io.callwire.notifier;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One message for one endpoint, as the API shows it.
 *
 * @param messageId the {@code webhook-id} / {@code ETag} of every attempt
 * @param attempts  the attempts, oldest first (only when one delivery is read)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(UUID id, UUID messageId, UUID webhookId, UUID eventId, String eventType, UUID entityId,
                       DeliveryStatus status, int attemptCount, Instant nextAttemptAt, Integer lastHttpStatus,
                       String lastError, Instant expiresAt, Instant createdAt, Instant updatedAt,
                       List<Attempt> attempts) {

    /** One HTTP attempt (or the refusal to make one). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(UUID id, UUID deliveryId, int attempt, Instant at, String outcome, Integer httpStatus,
                          Long latencyMs, String responseExcerpt, String error) {
    }
}
