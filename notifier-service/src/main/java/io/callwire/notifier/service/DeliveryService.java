package io.callwire.notifier.service;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventDefinition;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.event.InvalidEventException;
import io.callwire.notifier.Delivery;
import io.callwire.notifier.DeliveryStatus;
import io.callwire.support.rest.Page;
import io.callwire.notifier.Webhook;
import io.callwire.notifier.client.WebhookSender;
import io.callwire.notifier.repository.DeliveryRepository;
import io.callwire.notifier.repository.DeliveryRepository.Job;
import io.callwire.notifier.repository.DeliveryRepository.NewJob;
import io.callwire.notifier.repository.DeliveryRepository.Outcome;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import jakarta.enterprise.context.ApplicationScoped;

/** Deliveries of an organization's endpoints: history, resending, recovery and test messages. */
@ApplicationScoped
public class DeliveryService {

    private final DeliveryRepository deliveries;
    private final WebhookService webhooks;
    private final DeliveryWorker worker;
    private final WebhookSender sender;
    private final TemplateRenderer renderer;
    private final EventCatalog catalog;
    private final EventCodec codec;
    private final ObjectMapper mapper;
    private final OutboxPublisher outbox;

    public DeliveryService(DeliveryRepository deliveries, WebhookService webhooks, DeliveryWorker worker,
                           WebhookSender sender, TemplateRenderer renderer, EventCatalog catalog, EventCodec codec,
                           ObjectMapper mapper, OutboxPublisher outbox) {
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.worker = worker;
        this.sender = sender;
        this.renderer = renderer;
        this.catalog = catalog;
        this.codec = codec;
        this.mapper = mapper;
        this.outbox = outbox;
    }

    /** A page of an endpoint's deliveries, newest first. */
    public Uni<Page<Delivery>> list(UUID organizationId, UUID webhookId, DeliveryStatus status, String event, Instant from,
                                    Instant to, int page, int size) {
        return webhooks.existing(organizationId, webhookId)
                .chain(() -> deliveries.list(organizationId, webhookId, status, event, from, to, page, size));
    }

    /** One delivery with its attempts. */
    public Uni<Delivery> get(UUID organizationId, UUID id) {
        return deliveries.find(organizationId, id).onItem().ifNull().failWith(() -> new NotFoundException("delivery " + id));
    }

    /** Sends a delivery again: same message id, same body, a fresh retry budget. */
    public Uni<Delivery> resend(UUID organizationId, UUID id) {
        return deliveries.resend(organizationId, id).chain(found -> {
            if (!found) {
                return Uni.createFrom().failure(new NotFoundException("delivery " + id));
            }
            worker.jobsLeftToClaim();
            return get(organizationId, id);
        });
    }

    /** Sends again every dead delivery of an endpoint since {@code since}; returns how many. */
    public Uni<Integer> recover(UUID organizationId, UUID webhookId, Instant since) {
        return webhooks.existing(organizationId, webhookId)
                .chain(webhook -> {
                    if (!webhook.isEnabled()) {
                        return Uni.createFrom().failure(new InvalidRequestException("status",
                                "enable the webhook before recovering its messages"));
                    }
                    return deliveries.recover(organizationId, webhookId, since);
                })
                .invoke(count -> worker.jobsLeftToClaim());
    }

    /**
     * Sends the catalog's example of {@code eventName} (one of the endpoint's events; its first one when
     * null) to the endpoint now, once, and returns the attempt. The delivery is kept in the history.
     */
    public Uni<Delivery.Attempt> test(UUID organizationId, UUID webhookId, String eventName) {
        return webhooks.existing(organizationId, webhookId).chain(webhook -> {
            String name = eventName == null || eventName.isBlank() ? webhook.spec().events().get(0) : eventName;
            EventDefinition definition = catalog.find(name)
                    .filter(d -> webhook.spec().events().stream().anyMatch(e -> e.equalsIgnoreCase(d.name())))
                    .orElse(null);
            if (definition == null) {
                return Uni.createFrom().failure(new InvalidRequestException("event",
                        "'" + name + "' is not one of this webhook's events"));
            }
            EventEnvelope sample = sample(definition, organizationId);
            return send(webhook, sample);
        });
    }

    private Uni<Delivery.Attempt> send(Webhook webhook, EventEnvelope sample) {
        UUID deliveryId = io.callwire.notifier.repository.TimeOrderedIds.next();
        UUID messageId = IngestService.messageId(sample.id(), webhook.id());
        String url = renderer.renderUrl(webhook.spec(), sample, messageId);
        String eventJson = renderer.eventJson(sample);
        String body = renderer.renderBody(webhook.spec(), sample, () -> eventJson, messageId);
        String kept = body == eventJson ? null : eventJson;
        NewJob job = new NewJob(deliveryId, messageId, webhook.id(), webhook.organizationId(), sample.id(),
                sample.eventType(), sample.entityId(), false, null, url, body, kept, null);
        return UniHelper.toUni(sender.send(webhook, messageId, url, body)).chain(result -> {
            Instant now = Instant.now();
            DeliveryStatus status = result.success() ? DeliveryStatus.DELIVERED : DeliveryStatus.DEAD;
            Job claimed = new Job(deliveryId, messageId, webhook.id(), webhook.organizationId(), sample.id(),
                    sample.eventType(), sample.entityId(), null, url, body, kept, 0, 0, UUID.randomUUID(), true, null);
            String receipt = new Receipts(deliveryId, messageId, webhook.id(), webhook.organizationId(), sample.eventType(),
                    status.name(), 1, result.status(), result.latencyMs(), now).toJson(mapper);
            Outcome outcome = new Outcome(claimed, status, true, 1, 1, null, result.status(), result.latencyMs(),
                    result.responseExcerpt(), result.error(), now, receipt);
            return deliveries.insertFinished(job, outcome)
                    .chain(() -> deliveries.attempts(deliveryId))
                    .invoke(outbox::wakeUp)
                    .map(attempts -> attempts.isEmpty()
                            ? new Delivery.Attempt(null, deliveryId, 1, now, status.name(), result.status(),
                            result.latencyMs(), result.responseExcerpt(), result.error())
                            : attempts.get(attempts.size() - 1));
        });
    }

    private EventEnvelope sample(EventDefinition definition, UUID organizationId) {
        ObjectNode example = definition.example().deepCopy();
        example.put(EventEnvelope.ROOT_ENTITY_ID, organizationId.toString());
        example.put(EventEnvelope.ID, UUID.randomUUID().toString());
        example.put(EventEnvelope.TIMESTAMP, Instant.now().toString());
        example.put(EventEnvelope.MESSAGE_TTL_SECONDS, -1);
        try {
            return codec.decode(example);
        } catch (InvalidEventException e) {
            throw new IllegalStateException("the catalog example of " + definition.name() + " does not decode", e);
        }
    }

}
