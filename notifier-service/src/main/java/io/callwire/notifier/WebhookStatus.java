package io.callwire.notifier;

/** Whether an endpoint receives deliveries. */
public enum WebhookStatus {
    /** Receives its events. */
    ENABLED,
    /** Disabled by an administrator or by a {@code 410 Gone} answer. */
    DISABLED,
    /** Disabled because it failed every message for the configured time. */
    AUTO_DISABLED
}
