package io.callwire.notifier;

/** The state of one message for one endpoint. */
public enum DeliveryStatus {
    /** Waiting for its next attempt (or being attempted). */
    PENDING,
    /** A 2xx answer was received. */
    DELIVERED,
    /** Every attempt failed, or the failure is not retried: visible and resendable. */
    DEAD,
    /** The event was past {@code Timestamp + MessageTTLSeconds} before it could be sent. */
    EXPIRED
}
