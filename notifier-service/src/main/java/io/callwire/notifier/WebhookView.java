package io.callwire.notifier;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A webhook as the API returns it: its configuration without secrets, plus id and status, and the
 * signing secret only in the answer that created or rotated it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "status"})
public record WebhookView(UUID id, WebhookStatus status, @JsonUnwrapped WebhookSpec spec, String signingSecret,
                          Instant createdAt, Instant updatedAt) {

    /** The view of a stored endpoint; {@code signingSecret} only when it is to be shown once. */
    public static WebhookView of(Webhook webhook, boolean showSecret) {
        WebhookSpec safe = webhook.spec().withoutSecrets();
        safe = new WebhookSpec(safe.name(), safe.url(), safe.method(), safe.events(), safe.filter(), safe.payload(),
                safe.auth(), safe.headers(), safe.proxy(), safe.timeoutMs(), safe.maxConnections(), safe.retry(),
                safe.ordered(), webhook.isEnabled());
        return new WebhookView(webhook.id(), webhook.status(), safe, showSecret ? webhook.secrets().signingSecret() : null,
                webhook.createdAt(), webhook.updatedAt());
    }
}
