package io.callwire.notifier;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The API models of {@code POST /api/v1/webhooks/preview}. */
public final class WebhookPreview {

    private WebhookPreview() {
    }

    /**
     * What to preview: a webhook exactly as it would be created, and an event in the contract's envelope.
     */
    public record Request(WebhookSpec webhook, JsonNode event) {
    }

    /**
     * The first attempt's request: method, URL, headers (name → value) and body ({@code null} for GET),
     * and a note on what differs from the real request (signature secret, message id, tokens).
     */
    public record Response(String method, String url, Map<String, String> headers, String body, String note) {
    }
}
