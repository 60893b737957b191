package io.callwire.notifier.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.event.InvalidEventException;
import io.callwire.notifier.WebhookPreview;
import io.callwire.notifier.WebhookSpec;
import io.callwire.notifier.WebhookSpec.AuthType;
import io.callwire.notifier.client.WebhookSender;
import io.callwire.notifier.client.WebhookSender.OutgoingRequest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The request a webhook would send for an event, before it is saved: the same validation as a create
 * (the same 400), the same rendering and the same request building as the first attempt. Nothing is
 * stored, nothing is sent, no token is fetched.
 */
@ApplicationScoped
public class PreviewService {

    /** The webhook id the preview's message id is derived from (a saved webhook has its own). */
    static final UUID PLACEHOLDER_WEBHOOK_ID = new UUID(0, 0);
    /** Signs the preview: 32 zero bytes. The real secret exists only once the webhook is created. */
    static final String PLACEHOLDER_SECRET = Signatures.SECRET_PREFIX + Base64.getEncoder().encodeToString(new byte[32]);

    private final WebhookValidator validator;
    private final TemplateRenderer renderer;
    private final EventCodec codec;
    private final WebhookSender sender;

    public PreviewService(WebhookValidator validator, TemplateRenderer renderer, EventCodec codec, WebhookSender sender) {
        this.validator = validator;
        this.renderer = renderer;
        this.codec = codec;
        this.sender = sender;
    }

    /** The preview for the caller's organization. */
    public Uni<WebhookPreview.Response> preview(UUID organizationId, WebhookPreview.Request request) {
        WebhookSpec spec = request == null ? null : request.webhook();
        // host names are resolved to refuse internal addresses: off the event loop
        return Uni.createFrom().item(() -> validator.validate(spec, null))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(valid -> render(organizationId, valid, request.event()));
    }

    private WebhookPreview.Response render(UUID organizationId, WebhookSpec spec, com.fasterxml.jackson.databind.JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new InvalidRequestException("event", "an event object in the contract's envelope is required");
        }
        EventEnvelope event;
        try {
            event = codec.decode(json);
        } catch (InvalidEventException e) {
            throw new InvalidRequestException("event", e.getMessage());
        }
        if (!organizationId.equals(event.organizationId())) {
            throw new InvalidRequestException("event.RootEntityId", "must be your organization's id");
        }
        if (spec.events().stream().noneMatch(name -> name.equalsIgnoreCase(event.eventType()))) {
            throw new InvalidRequestException("event.EventType", "'" + event.eventType() + "' is not one of the webhook's events");
        }
        UUID messageId = IngestService.messageId(event.id(), PLACEHOLDER_WEBHOOK_ID);
        String eventJson = renderer.eventJson(event);
        String url = renderer.renderUrl(spec, event, messageId);
        String body = renderer.renderBody(spec, event, () -> eventJson, messageId);
        List<String> notes = new ArrayList<>();
        notes.add("webhook-signature is computed with a placeholder secret (" + PLACEHOLDER_SECRET + "), not the webhook's:"
                + " its secret is created when the webhook is saved");
        notes.add("webhook-id and ETag (and {{MessageId}}) are derived from the event id and the webhook id; a saved"
                + " webhook has its own id (this preview uses " + PLACEHOLDER_WEBHOOK_ID + ")");
        notes.add("webhook-timestamp is the time of the attempt");
        String authorization = null;
        WebhookSpec.Auth auth = spec.auth();
        if (auth != null && auth.type() == AuthType.BASIC) {
            authorization = WebhookSender.basic(auth);
        } else if (auth != null && auth.type() == AuthType.BEARER) {
            authorization = "Bearer " + auth.token();
        } else if (auth != null && (auth.type() == AuthType.OAUTH2_CLIENT_CREDENTIALS || auth.type() == AuthType.OAUTH2_JWT_BEARER)) {
            authorization = "Bearer <access token from " + auth.tokenUrl() + ">";
            notes.add("the access token is fetched from the token URL at send time; none was fetched for this preview");
            if (spec.method() == WebhookSpec.Method.SALESFORCE) {
                notes.add("when the token response names an instance_url, the request goes to that host with this path");
            }
        }
        OutgoingRequest outgoing = sender.prepare(spec, List.of(PLACEHOLDER_SECRET), messageId, url, body, authorization,
                Instant.now());
        return new WebhookPreview.Response(outgoing.method(), outgoing.url(), outgoing.headers(), outgoing.body(),
                String.join("; ", notes) + ". Nothing was stored or sent.");
    }

}
