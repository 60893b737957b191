package io.callwire.notifier.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.callwire.contract.event.EntityType;
import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.notifier.Webhook;
import io.callwire.notifier.WebhookSpec;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.repository.WebhookRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * In-memory index of the endpoints: by id, and the enabled ones by (organization, event). Matching an
 * event is a map lookup plus the endpoints' own filters, never a scan. Rebuilt at once after a
 * change made through this replica, and within {@code index-refresh-interval} after a change made
 * through another one (it compares a cheap fingerprint of the table first).
 */
@ApplicationScoped
public class EndpointIndex {

    private static final Logger LOG = Logger.getLogger(EndpointIndex.class);

    private record Snapshot(Map<UUID, Webhook> byId, Map<String, List<Webhook>> byEvent, String fingerprint) {
    }

    private final WebhookRepository repository;
    private final EventCodec codec;
    private final NotifierConfig config;
    private final Vertx vertx;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Snapshot snapshot;
    private long timer = -1;

    public EndpointIndex(WebhookRepository repository, EventCodec codec, NotifierConfig config, Vertx vertx) {
        this.repository = repository;
        this.codec = codec;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.indexRefreshInterval().toMillis(), id -> refreshIfChanged());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Completes once the index has been loaded the first time. */
    public Uni<Void> ready() {
        return snapshot != null ? Uni.createFrom().voidItem() : reload();
    }

    /** The enabled endpoints that want this event. */
    public List<Webhook> matching(EventEnvelope event) {
        Snapshot current = snapshot;
        if (current == null) {
            throw new IllegalStateException("endpoint index not loaded yet");
        }
        List<Webhook> candidates = current.byEvent().get(key(event.organizationId(), event.eventType()));
        if (candidates == null) {
            return List.of();
        }
        List<Webhook> out = new ArrayList<>(candidates.size());
        for (Webhook webhook : candidates) {
            if (accepts(webhook.spec().filter(), event)) {
                out.add(webhook);
            }
        }
        return out;
    }

    /** An endpoint by id from the index, or, if this replica has not seen it yet, from the database. */
    public Uni<Webhook> get(UUID id) {
        Snapshot current = snapshot;
        Webhook known = current == null ? null : current.byId().get(id);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return repository.findById(id);
    }

    /** An endpoint from the index only, or null. */
    public Webhook cached(UUID id) {
        Snapshot current = snapshot;
        return current == null ? null : current.byId().get(id);
    }

    /** Reloads now (after a change through this replica). */
    public Uni<Void> reload() {
        return repository.fingerprint().chain(fingerprint -> repository.all().invoke(all -> build(all, fingerprint)))
                .replaceWithVoid();
    }

    /** Looks for changes now instead of at the next tick (this replica saw an endpoint the index has older). */
    public void refreshSoon() {
        vertx.runOnContext(this::refreshIfChanged);
    }

    private void refreshIfChanged() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        repository.fingerprint()
                .chain(fingerprint -> snapshot != null && fingerprint.equals(snapshot.fingerprint())
                        ? Uni.createFrom().voidItem()
                        : repository.all().invoke(all -> build(all, fingerprint)).replaceWithVoid())
                .eventually(() -> refreshing.set(false))
                .subscribe().with(ok -> { }, failure -> LOG.warnf("endpoint index refresh failed: %s", failure.getMessage()));
    }

    private void build(List<Webhook> all, String fingerprint) {
        Map<UUID, Webhook> byId = new HashMap<>();
        Map<String, List<Webhook>> byEvent = new HashMap<>();
        for (Webhook webhook : all) {
            byId.put(webhook.id(), webhook);
            if (webhook.isEnabled()) {
                for (String event : webhook.spec().events()) {
                    byEvent.computeIfAbsent(key(webhook.organizationId(), event), k -> new ArrayList<>()).add(webhook);
                }
            }
        }
        snapshot = new Snapshot(byId, byEvent, fingerprint);
    }

    private boolean accepts(WebhookSpec.Filter filter, EventEnvelope event) {
        if (filter == null) {
            return true;
        }
        if (filter.entityIds() != null && !filter.entityIds().isEmpty() && !filter.entityIds().contains(event.entityId())) {
            return false;
        }
        if (filter.queueIds() != null && !filter.queueIds().isEmpty()) {
            UUID queue = queueOf(event);
            return queue != null && filter.queueIds().contains(queue);
        }
        return true;
    }

    /** The service queue an event is about: the entity of a Queue event, else its {@code QueueId} field. */
    private UUID queueOf(EventEnvelope event) {
        if (event.entityType() == EntityType.QUEUE) {
            return event.entityId();
        }
        Object value = codec.field(event, "QueueId");
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String key(UUID organizationId, String eventType) {
        return organizationId + "|" + eventType.toLowerCase(Locale.ROOT);
    }
}
