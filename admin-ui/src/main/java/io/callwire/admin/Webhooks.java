package io.callwire.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

/** What notifier-service answers and accepts: webhooks, their deliveries and request previews. */
public final class Webhooks {

    private Webhooks() {
    }

    /** A webhook as created or replaced ({@code POST}/{@code PUT /api/v1/webhooks}); see notifier-service's README. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Spec(String name, String url, String method, List<String> events, Filter filter, Payload payload,
                       Auth auth, Map<String, String> headers, Proxy proxy, Integer timeoutMs, Integer maxConnections,
                       Retry retry, Boolean ordered, Boolean enabled) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Filter(List<UUID> entityIds, List<UUID> queueIds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Payload(String mode, List<Variable> variables, Map<String, List<Variable>> perEvent) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Variable(String source, String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Auth(String type, String username, String password, String token, String tokenUrl, String clientId,
                       String clientSecret, String scope, String audience, String privateKey) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Proxy(String type, String host, Integer port, String username, String password) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Retry(Integer maxAttempts, List<Double> scheduleSeconds, List<String> retryOn) {
    }

    /** A stored webhook; {@code signingSecret} only in the answer to a create or a rotation. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record View(UUID id, String status, @JsonUnwrapped Spec spec, String signingSecret, Instant createdAt,
                       Instant updatedAt) {

        public boolean isEnabled() {
            return "ENABLED".equals(status);
        }
    }

    /** Contract 4's request: the webhook as it would be created and an event in the contract's envelope. */
    public record PreviewRequest(Spec webhook, JsonNode event) {
    }

    /** Contract 4's answer: the request the notifier would send. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Preview(String method, String url, Map<String, String> headers, String body, String note) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Delivery(UUID id, UUID messageId, UUID webhookId, UUID eventId, String eventType, UUID entityId,
                           String status, int attemptCount, Instant nextAttemptAt, Integer lastHttpStatus,
                           String lastError, Instant createdAt, Instant updatedAt, List<Attempt> attempts) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Attempt(UUID id, int attempt, Instant at, String outcome, Integer httpStatus, Long latencyMs,
                          String responseExcerpt, String error) {
    }

    public record TestRequest(String event) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Recovered(int resent) {
    }
}
