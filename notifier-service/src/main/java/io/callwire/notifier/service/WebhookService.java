package io.callwire.notifier.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.callwire.support.rest.Page;
import io.callwire.notifier.Webhook;
import io.callwire.notifier.WebhookSpec;
import io.callwire.notifier.WebhookStatus;
import io.callwire.notifier.WebhookView;
import io.callwire.notifier.client.WebhookSender;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.repository.DeliveryRepository;
import io.callwire.notifier.repository.WebhookRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Webhook endpoints of an organization: every operation is scoped to the caller's organization, and
 * another organization's endpoint is answered as not found.
 */
@ApplicationScoped
public class WebhookService {

    private static final Logger LOG = Logger.getLogger(WebhookService.class);

    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;
    private final WebhookValidator validator;
    private final EndpointIndex index;
    private final WebhookSender sender;
    private final OutboxPublisher outbox;
    private final NotifierConfig config;
    private final Pool pool;
    private final EndpointHealth health;

    public WebhookService(WebhookRepository webhooks, DeliveryRepository deliveries, WebhookValidator validator,
                          EndpointIndex index, WebhookSender sender, OutboxPublisher outbox, NotifierConfig config, Pool pool,
                          EndpointHealth health) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.validator = validator;
        this.index = index;
        this.sender = sender;
        this.outbox = outbox;
        this.config = config;
        this.pool = pool;
        this.health = health;
    }

    /** Creates an endpoint; the answer carries its signing secret, shown this once. */
    public Uni<WebhookView> create(UUID organizationId, WebhookSpec spec) {
        return validated(spec, null).chain(valid -> {
            Instant now = now();
            WebhookStatus status = Boolean.FALSE.equals(valid.enabled()) ? WebhookStatus.DISABLED : WebhookStatus.ENABLED;
            Webhook webhook = new Webhook(UUID.randomUUID(), organizationId, withEnabled(valid, status), status,
                    new Webhook.Secrets(Signatures.newSecret(), null, null, null, null, null, null, null), now, now);
            return webhooks.insert(webhook).chain(index::reload)
                    .invoke(() -> LOG.infof("webhook %s created in organization %s", webhook.id(), organizationId))
                    .map(ignored -> WebhookView.of(webhook, true));
        });
    }

    /**
     * Replaces an endpoint's configuration; secrets left out are kept. {@code enabled: true} clears a
     * disable (also an automatic one); left out, the current status stays (an endpoint Callwire disabled
     * after a 410 or a failure streak is not re-enabled by an edit of its URL).
     */
    public Uni<WebhookView> update(UUID organizationId, UUID id, WebhookSpec spec) {
        return existing(organizationId, id).chain(current -> validated(spec, current.spec()).chain(valid -> {
            WebhookStatus status = valid.enabled() == null ? current.status()
                    : valid.enabled() ? WebhookStatus.ENABLED : WebhookStatus.DISABLED;
            Webhook updated = new Webhook(id, organizationId, withEnabled(valid, status), status, current.secrets(), current.createdAt(),
                    later(current.updatedAt()));
            Uni<Void> write = pool.withTransaction(client -> webhooks.update(updated)
                    .chain(ok -> status == WebhookStatus.ENABLED ? Uni.createFrom().item(0)
                            : deliveries.killPending(client, id, "endpoint disabled by an administrator")))
                    .replaceWithVoid();
            return write.chain(index::reload).invoke(outbox::wakeUp).map(ignored -> WebhookView.of(updated, false));
        }));
    }

    /** One endpoint. */
    public Uni<WebhookView> get(UUID organizationId, UUID id) {
        return existing(organizationId, id).map(webhook -> WebhookView.of(webhook, false));
    }

    /** A page of endpoints. */
    public Uni<Page<WebhookView>> list(UUID organizationId, int page, int size) {
        return webhooks.list(organizationId, page, size).chain(items -> webhooks.count(organizationId)
                .map(total -> new Page<>(items.stream().map(w -> WebhookView.of(w, false)).toList(), page, size, total)));
    }

    /** Deletes an endpoint with its deliveries. */
    public Uni<Void> delete(UUID organizationId, UUID id) {
        return webhooks.delete(organizationId, id).chain(deleted -> {
            if (!deleted) {
                return Uni.createFrom().failure(new NotFoundException("webhook " + id));
            }
            sender.forget(id);
            health.forget(id);
            return index.reload();
        });
    }

    /**
     * Issues a new signing secret. The previous one keeps signing next to it for
     * {@code rotation-overlap}, so receivers can switch without losing a message.
     */
    public Uni<WebhookView> rotateSecret(UUID organizationId, UUID id) {
        return existing(organizationId, id).chain(current -> {
            Instant now = now();
            Webhook.Secrets old = current.secrets();
            Webhook.Secrets rotated = new Webhook.Secrets(Signatures.newSecret(), old.signingSecret(),
                    now.plus(config.rotationOverlap()), old.password(), old.token(), old.clientSecret(), old.privateKey(),
                    old.proxyPassword());
            Webhook updated = new Webhook(id, organizationId, current.spec(), current.status(), rotated, current.createdAt(),
                    later(current.updatedAt()));
            return webhooks.update(updated).chain(index::reload).map(ignored -> WebhookView.of(updated, true));
        });
    }

    /** The endpoint, or a not-found failure (also for another organization's endpoint). */
    public Uni<Webhook> existing(UUID organizationId, UUID id) {
        return webhooks.find(organizationId, id)
                .onItem().ifNull().failWith(() -> new NotFoundException("webhook " + id));
    }

    private Uni<WebhookSpec> validated(WebhookSpec spec, WebhookSpec existing) {
        // host names are resolved to refuse internal addresses: off the event loop
        return Uni.createFrom().item(() -> validator.validate(spec, existing))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static WebhookSpec withEnabled(WebhookSpec spec, WebhookStatus status) {
        return new WebhookSpec(spec.name(), spec.url(), spec.method(), spec.events(), spec.filter(), spec.payload(),
                spec.auth(), spec.headers(), spec.proxy(), spec.timeoutMs(), spec.maxConnections(), spec.retry(),
                spec.ordered(), status == WebhookStatus.ENABLED);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** A new version stamp, strictly after the previous one (clients and token caches key on it). */
    private static Instant later(Instant previous) {
        Instant now = now();
        return now.isAfter(previous) ? now : previous.plus(1, ChronoUnit.MICROS);
    }
}
