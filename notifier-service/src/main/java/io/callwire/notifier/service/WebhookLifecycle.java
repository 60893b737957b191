package io.callwire.notifier.service;

import java.util.UUID;

import org.jboss.logging.Logger;

import io.callwire.notifier.WebhookStatus;
import io.callwire.notifier.repository.DeliveryRepository;
import io.callwire.notifier.repository.WebhookRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** Status changes the delivery side makes on its own: {@code 410 Gone} and auto-disabling. */
@ApplicationScoped
public class WebhookLifecycle {

    private static final Logger LOG = Logger.getLogger(WebhookLifecycle.class);

    private final Pool pool;
    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;
    private final EndpointIndex index;
    private final OutboxPublisher outbox;

    public WebhookLifecycle(Pool pool, WebhookRepository webhooks, DeliveryRepository deliveries, EndpointIndex index,
                            OutboxPublisher outbox) {
        this.pool = pool;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.index = index;
        this.outbox = outbox;
    }

    /**
     * Disables an endpoint and ends its pending messages as dead (visible, resendable once it is
     * enabled again), in one transaction.
     */
    public Uni<Void> disable(UUID webhookId, WebhookStatus status, String reason) {
        return pool.withTransaction(client -> webhooks.setStatus(client, webhookId, status)
                        .chain(() -> deliveries.killPending(client, webhookId, "endpoint " + status.name().toLowerCase()
                                + ": " + reason)))
                .invoke(killed -> LOG.infof("webhook %s is now %s (%s); %d pending message(s) ended as dead", webhookId,
                        status, reason, killed))
                .chain(index::reload)
                .invoke(outbox::wakeUp);
    }
}
