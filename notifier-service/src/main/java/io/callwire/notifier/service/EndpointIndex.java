package io.callwire.notifier.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import io.callwire.contract.event.EntityType;
import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.notifier.Webhook;
import io.callwire.notifier.WebhookSpec;
import io.callwire.notifier.config.NotifierConfig;
import io.callwire.notifier.repository.WebhookChanges;
import io.callwire.notifier.repository.WebhookRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * In-memory index of the endpoints: by id, and the enabled ones by (organization, event). Matching an
 * event is a map lookup plus the endpoints' own filters, never a scan. Rebuilt at once after a
 * change made through this replica, and as soon as PostgreSQL notifies a change made through another
 * one ({@link WebhookChanges}); every {@code index-refresh-interval} it also compares the database's
 * change counter, in case a notification was lost with its connection. While a rebuild asked for by a
 * notification runs, {@link #ready()} waits for it, so events taken after the change are matched
 * against it.
 */
@ApplicationScoped
public class EndpointIndex {

    private static final Logger LOG = Logger.getLogger(EndpointIndex.class);

    private record Snapshot(Map<UUID, Webhook> byId, Map<String, List<Webhook>> byEvent, long counter) {
    }

    private static final CompletableFuture<Void> SETTLED = CompletableFuture.completedFuture(null);

    private final WebhookRepository repository;
    private final EventCodec codec;
    private final NotifierConfig config;
    private final Vertx vertx;
    private final WebhookChanges changes;
    /** A refresh is running; {@link #requested}: another one was asked for meanwhile (guarded by this). */
    private boolean refreshing;
    private boolean requested;
    /** Completes when no refresh is running or asked for (guarded by this). */
    private CompletableFuture<Void> settled = SETTLED;
    private volatile Snapshot snapshot;
    private long timer = -1;

    public EndpointIndex(WebhookRepository repository, EventCodec codec, NotifierConfig config, Vertx vertx,
                         WebhookChanges changes) {
        this.changes = changes;
        this.repository = repository;
        this.codec = codec;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.indexRefreshInterval().toMillis(), id -> refreshIfChanged());
        changes.listen(this::refreshIfChanged);
        // loaded now rather than by the first batch of events (which still loads it if this fails)
        reload().subscribe().with(ok -> { }, failure -> LOG.warnf("endpoint index not loaded at start: %s",
                failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * Completes once the index has been loaded the first time and no refresh is under way (a change was
     * notified: the events of this batch may have been published after it). A Vert.x future: ingestion
     * waits on it for every batch (see DeliveryRepository on why the delivery path avoids Mutiny).
     */
    public Future<Void> ready() {
        if (snapshot == null) {
            return UniHelper.toFuture(reload());
        }
        CompletableFuture<Void> current;
        synchronized (this) {
            current = settled;
        }
        return current.isDone() ? Future.succeededFuture() : Future.fromCompletionStage(current);
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

    /**
     * Compares the change counter and rebuilds if it moved. A request that comes while a refresh runs is
     * not dropped: the refresh runs once more after it (its counter may predate the change notified).
     */
    private void refreshIfChanged() {
        synchronized (this) {
            requested = true;
            if (refreshing) {
                return;
            }
            refreshing = true;
            if (settled.isDone()) {
                settled = new CompletableFuture<>();
            }
        }
        refresh();
    }

    private void refresh() {
        synchronized (this) {
            requested = false;
        }
        repository.fingerprint()
                .chain(fingerprint -> snapshot != null && Long.parseLong(fingerprint) == snapshot.counter()
                        ? Uni.createFrom().voidItem()
                        : repository.all().invoke(all -> build(all, fingerprint)).replaceWithVoid())
                .subscribe().with(ok -> refreshed(), failure -> {
                    LOG.warnf("endpoint index refresh failed: %s", failure.getMessage());
                    refreshed();
                });
    }

    private void refreshed() {
        CompletableFuture<Void> done;
        synchronized (this) {
            if (requested) {
                done = null;
            } else {
                refreshing = false;
                done = settled;
            }
        }
        if (done == null) {
            refresh();
        } else {
            done.complete(null);
        }
    }

    /**
     * Installs a new snapshot unless a newer one is already in place (a reload after a local change and
     * a refresh may finish in either order; the rows were read after the counter, so they are at least
     * as new as it).
     */
    private synchronized void build(List<Webhook> all, String fingerprint) {
        long counter = Long.parseLong(fingerprint);
        if (snapshot != null && snapshot.counter() > counter) {
            return;
        }
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
        snapshot = new Snapshot(byId, byEvent, counter);
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
