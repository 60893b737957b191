package io.callwire.notifier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A stored webhook endpoint with its secrets decrypted (in memory only).
 *
 * @param spec    the configuration including credentials
 * @param secrets signing secrets and credentials, as encrypted at rest
 */
public record Webhook(UUID id, UUID organizationId, WebhookSpec spec, WebhookStatus status, Secrets secrets,
                      Instant createdAt, Instant updatedAt) {

    /**
     * Everything secret about an endpoint, stored encrypted as one JSON document.
     *
     * @param signingSecret         the current {@code whsec_} secret
     * @param previousSigningSecret the secret replaced by the last rotation, still used until {@code previousUntil}
     */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Secrets(String signingSecret, String previousSigningSecret, Instant previousUntil, String password,
                          String token, String clientSecret, String privateKey, String proxyPassword) {

        /** The secrets a request is signed with at {@code now}: the current one, and the previous during the overlap. */
        public List<String> signingSecretsAt(Instant now) {
            List<String> all = new ArrayList<>(2);
            all.add(signingSecret);
            if (previousSigningSecret != null && previousUntil != null && now.isBefore(previousUntil)) {
                all.add(previousSigningSecret);
            }
            return all;
        }
    }

    /** Whether deliveries are made to this endpoint. */
    public boolean isEnabled() {
        return status == WebhookStatus.ENABLED;
    }
}
