package io.callwire.notifier.service;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.notifier.DeliveryStatus;

/**
 * The JSON published on {@code callwire.deliveries} for every delivery outcome.
 *
 * @param status   {@code DELIVERED}, {@code FAILED} (will be retried), {@code DEAD} or {@code EXPIRED}
 * @param attempt  the attempt number (total attempts of the message so far)
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record Receipts(UUID deliveryId, UUID messageId, UUID webhookId, UUID organizationId, String eventType,
                       String status, int attempt, Integer httpStatus, Long latencyMs, Instant at) {

    /** Status of a failed attempt that will be retried. */
    public static final String FAILED = "FAILED";

    /** The status as published: a pending delivery after an attempt failed. */
    public static String statusOf(DeliveryStatus status) {
        return status == DeliveryStatus.PENDING ? FAILED : status.name();
    }

    /** As JSON. */
    public String toJson(ObjectMapper mapper) {
        try {
            return mapper.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
