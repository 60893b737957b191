package io.callwire.admin.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.admin.Webhooks;
import io.callwire.admin.client.NotifierClient;
import io.callwire.admin.client.ServiceException;

/** Webhook rules of the console: previews with the catalog's sample events. */
@ApplicationScoped
public class WebhookService {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final NotifierClient notifier;
    private final Catalog catalog;

    public WebhookService(NotifierClient notifier, Catalog catalog) {
        this.notifier = notifier;
        this.catalog = catalog;
    }

    /**
     * The request notifier-service would send for the webhook and a sample of {@code eventName}
     * (contract 4: nothing stored or sent). A notifier without the preview endpoint (404/405) gets a
     * preview of what the console knows: method, URL, the configured headers and, for the whole
     * event, the body; it says so in its note.
     */
    public Webhooks.Preview preview(String token, UUID organizationId, Webhooks.Spec spec, String eventName) {
        ObjectNode event = catalog.example(eventName, organizationId);
        try {
            Webhooks.Preview preview = notifier.preview(token, new Webhooks.PreviewRequest(spec, event));
            return new Webhooks.Preview(preview.method(), preview.url(), preview.headers(), readable(preview.body()),
                    preview.note());
        } catch (ServiceException e) {
            if (e.status() != 404 && e.status() != 405) {
                throw e;
            }
            return localPreview(spec, event);
        }
    }

    /** A JSON body indented for reading (the request itself carries it compact); anything else as it is. */
    private static String readable(String body) {
        if (body == null || !body.startsWith("{")) {
            return body;
        }
        try {
            return JSON.readTree(body).toPrettyString();
        } catch (java.io.IOException e) {
            return body;
        }
    }

    private Webhooks.Preview localPreview(Webhooks.Spec spec, ObjectNode event) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!"GET".equals(spec.method())) {
            headers.put("Content-Type", "application/json");
        }
        headers.put("webhook-id", "(a GUID per event and webhook, the same on every retry)");
        headers.put("webhook-timestamp", "(Unix seconds of the attempt)");
        headers.put("webhook-signature", "v1,(HMAC-SHA256 with the signing secret)");
        if (spec.auth() != null && !"NONE".equals(spec.auth().type())) {
            headers.put("Authorization", "(" + spec.auth().type() + ")");
        }
        if (spec.headers() != null) {
            headers.putAll(spec.headers());
        }
        boolean wholeEvent = spec.payload() == null || !"VARIABLES".equals(spec.payload().mode());
        String body = "GET".equals(spec.method()) ? null
                : wholeEvent ? event.toPrettyString() : "(the chosen variables, rendered by notifier-service)";
        return new Webhooks.Preview(spec.method(), spec.url(), headers, body,
                "Approximate: this notifier-service has no preview endpoint, so the console built this from the form.");
    }
}
