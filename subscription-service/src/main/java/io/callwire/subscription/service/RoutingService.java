package io.callwire.subscription.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.callwire.contract.event.EntityType;
import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventDefinition;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.subscription.Caller;
import io.callwire.subscription.Grant;
import io.callwire.subscription.config.RteConfig;
import io.callwire.subscription.security.RevocationRegistry;
import io.callwire.subscription.service.SubscriberConnection.CloseCause;
import io.vertx.core.Context;

/**
 * Routing, permission re-evaluation and revocation for the connections of every real-time face.
 * A face registers each {@link SubscriberConnection} here and gets a {@link SubscriberSession} for
 * its subscriptions; events reach subscriptions through the {@link RoutingIndex} (three map lookups,
 * never a scan), grouped per event loop.
 */
@ApplicationScoped
public class RoutingService {

    private static final Logger LOG = Logger.getLogger(RoutingService.class);

    private final RteConfig config;
    private final EventCatalog catalog;
    private final SubscriptionService subscriptions;
    private final RoutingIndex index;
    private final SubscriberRegistry registry;
    /** Whether a caller's token is revoked (the revocation registry's answer). */
    private final Predicate<Caller> revoked;
    private final SnapshotStore snapshots;
    private final RteMetrics metrics;
    private final ConnectionLedger ledger;
    private final Map<SubscriberConnection, SubscriberSession> sessions = new ConcurrentHashMap<>();
    /** Per event loop, the events waiting for its connections (as many as there are loops). */
    private final Map<Context, LoopMailbox> mailboxes = new ConcurrentHashMap<>();
    /** Per organization, bumped whenever its grants or entities change: a Subscribe decided before is decided again. */
    private final Map<UUID, AtomicLong> generations = new ConcurrentHashMap<>();

    @jakarta.inject.Inject
    public RoutingService(RteConfig config, EventCatalog catalog, SubscriptionService subscriptions, RoutingIndex index,
                          SubscriberRegistry registry, RevocationRegistry revocations, SnapshotStore snapshots,
                          RteMetrics metrics, ConnectionLedger ledger) {
        this(config, catalog, subscriptions, index, registry, revocations::isRevoked, snapshots, metrics, ledger);
    }

    RoutingService(RteConfig config, EventCatalog catalog, SubscriptionService subscriptions, RoutingIndex index,
                   SubscriberRegistry registry, Predicate<Caller> revoked, SnapshotStore snapshots, RteMetrics metrics,
                   ConnectionLedger ledger) {
        this.config = config;
        this.catalog = catalog;
        this.subscriptions = subscriptions;
        this.index = index;
        this.registry = registry;
        this.revoked = revoked;
        this.snapshots = snapshots;
        this.metrics = metrics;
        this.ledger = ledger;
    }

    // ---------------------------------------------------------------- connections

    /**
     * Registers an opened connection in the slot taken before its upgrade and returns its session;
     * empty when the subject is over the per-user limit or its token was revoked meanwhile (then the
     * connection has been told to close). The revocation check after registering closes the window
     * between the token check and the registration: a revocation handled in between found no
     * connection to close, so it is caught here (the registry records a revocation before looking
     * for connections, so one of the two sides sees the other).
     */
    public Optional<SubscriberSession> register(SubscriberConnection connection, SubscriberRegistry.Slot slot,
                                                boolean snapshotOnSubscribe) {
        if (!registry.add(connection, slot, config.maxConnectionsPerUser())) {
            return Optional.empty();
        }
        SubscriberSession session = new SubscriberSession(connection, this, subscriptions, config.maxSubscriptionsPerConnection(),
                snapshotOnSubscribe);
        sessions.put(connection, session);
        ledger.opened(connection, slot != null ? slot.admission()
                : Admission.of(connection.caller(), "unknown", connection.connectionId(), connection.remoteAddress()));
        if (revoked.test(connection.caller())) {
            LOG.infof("connection %s: token revoked while it was opening", connection.connectionId());
            connection.close(CloseCause.TOKEN_REVOKED);
        }
        return Optional.of(session);
    }

    /** Forgets a closed connection and ends its subscriptions. Call on the connection's context. */
    public void unregister(SubscriberConnection connection) {
        SubscriberSession session = sessions.remove(connection);
        if (session != null) {
            session.endAll();
        }
        if (registry.remove(connection)) {
            ledger.closed(connection);
        }
    }

    /**
     * Takes a place for one more connection of the admission's subject before its upgrade: first on
     * this replica ({@link SubscriberRegistry}, no I/O), then across the deployment (the
     * {@link ConnectionLedger}, one transaction that serializes the subject's admissions on every
     * replica). Empty when the subject has {@code max-connections-per-user} connections anywhere;
     * fails when the ledger cannot be reached (then nothing is held).
     */
    public io.smallrye.mutiny.Uni<Optional<SubscriberRegistry.Slot>> reserve(Admission admission) {
        Optional<SubscriberRegistry.Slot> local = registry.reserve(admission, config.maxConnectionsPerUser());
        if (local.isEmpty()) {
            return io.smallrye.mutiny.Uni.createFrom().item(local);
        }
        return ledger.reserve(admission, config.maxConnectionsPerUser())
                .onFailure().invoke(failure -> registry.release(local.get()))
                .map(granted -> {
                    if (!granted) {
                        registry.release(local.get());
                        return Optional.<SubscriberRegistry.Slot>empty();
                    }
                    return local;
                });
    }

    /** Gives back a place taken by {@link #reserve} for an upgrade that did not happen. */
    public void release(SubscriberRegistry.Slot slot) {
        registry.release(slot);
        ledger.release(slot.admission());
    }

    /** The connections of this replica (all faces). */
    public SubscriberRegistry connections() {
        return registry;
    }

    /** Closes every connection (shutdown). */
    public void closeAll(CloseCause cause) {
        registry.all().forEach(connection -> connection.close(cause));
    }

    // ---------------------------------------------------------------- events

    /**
     * Delivers one event to every active subscription of it, posted to each event loop's
     * {@link LoopMailbox} (one task drains what arrived meanwhile); each face encodes it once
     * ({@link RoutedEvent#encoded}).
     */
    public void route(EventEnvelope event) {
        metrics.eventsReceived.increment();
        if (event.isExpiredAt(Instant.now())) {
            metrics.expired.increment();
            LOG.debugf("event %s expired before delivery", event.id());
            return;
        }
        EventDefinition definition = catalog.find(event.eventType()).orElse(null);
        if (definition == null || definition.entityType() != event.entityType()) {
            metrics.dropped();
            LOG.warnf("event %s dropped: %s is not a %s event of the catalog", event.id(), event.eventType(),
                    event.entityType().wireName());
            return;
        }
        // before routing: a Subscribe whose snapshot is read after its index entry exists sees this
        // event or a newer one, so nothing falls between the snapshot and the live stream
        snapshots.record(event, definition.name());
        ByLoop byLoop = new ByLoop();
        index.forEachRecipient(event.organizationId(), definition.name(), event.entityId(), byLoop);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("event %s (%s %s) to %d loop(s)", event.id(), definition.name(), event.entityId(), byLoop.size);
        }
        if (byLoop.size == 0) {
            return;
        }
        RoutedEvent routed = new RoutedEvent(event, false);
        for (int i = 0; i < byLoop.size; i++) {
            mailboxes.computeIfAbsent(byLoop.loops[i], loop -> new LoopMailbox(loop, metrics)).post(byLoop.recipients[i], routed);
        }
    }

    /**
     * An event's recipients grouped by event loop. There are as many loops as cores, so a linear
     * scan that remembers the last hit beats a map lookup per recipient (a broadcast visits every
     * connection).
     */
    private static final class ByLoop implements java.util.function.Consumer<ActiveSubscription> {

        private Context[] loops = new Context[2];
        @SuppressWarnings("unchecked")
        private List<ActiveSubscription>[] recipients = new List[2];
        private int size;
        private int last;

        @Override
        public void accept(ActiveSubscription subscription) {
            Context loop = subscription.connection().context();
            if (size > 0 && loops[last] == loop) {
                recipients[last].add(subscription);
                return;
            }
            for (int i = 0; i < size; i++) {
                if (loops[i] == loop) {
                    last = i;
                    recipients[i].add(subscription);
                    return;
                }
            }
            if (size == loops.length) {
                loops = java.util.Arrays.copyOf(loops, size * 2);
                recipients = java.util.Arrays.copyOf(recipients, size * 2);
            }
            loops[size] = loop;
            recipients[size] = new ArrayList<>();
            recipients[size].add(subscription);
            last = size++;
        }
    }

    /** The latest state event of a subscription's entity, for the snapshot after Subscribe. */
    Optional<RoutedEvent> snapshotOf(ActiveSubscription subscription) {
        var s = subscription.subscription();
        return snapshots.latest(s.organizationId(), s.eventType(), s.entityId()).map(event -> new RoutedEvent(event, true));
    }

    /** A connection's subscriptions changed (the sessions view shows them). */
    void subscriptionsChanged(SubscriberConnection connection) {
        ledger.subscriptionsChanged(connection);
    }

    void countSnapshot() {
        metrics.snapshots.increment();
    }

    void index(ActiveSubscription subscription) {
        index.add(subscription);
    }

    void unindex(ActiveSubscription subscription) {
        subscription.deactivate();
        index.remove(subscription);
    }

    long generation(UUID organizationId) {
        AtomicLong generation = generations.get(organizationId);
        return generation == null ? 0 : generation.get();
    }

    private void bump(UUID organizationId) {
        generations.computeIfAbsent(organizationId, id -> new AtomicLong()).incrementAndGet();
    }

    // ---------------------------------------------------------------- revocation and permissions

    /** Closes the connections a revocation covers (any face). */
    public void revoke(String subject, Predicate<Caller> covered) {
        for (SubscriberConnection connection : registry.ofSubject(subject)) {
            if (covered.test(connection.caller())) {
                connection.close(CloseCause.TOKEN_REVOKED);
            }
        }
    }

    /**
     * Drops, on every connection of the organization, the subscriptions its current grants no
     * longer allow; each affected client is told which.
     */
    public void reevaluate(UUID organizationId, List<Grant> grants) {
        bump(organizationId);
        for (SubscriberConnection connection : registry.ofOrganization(organizationId)) {
            Caller caller = connection.caller();
            revokeWhere(connection, subscription -> !PermissionPolicy.allows(caller, grants,
                    subscription.allRootEntities() ? null : subscription.organizationId(),
                    EntityType.fromWire(subscription.entityType()).orElseThrow(),
                    subscription.entityId(), subscription.eventType()));
        }
    }

    /** Ends, on every connection of the organization, the subscriptions to a deleted entity. */
    public void revokeEntity(UUID organizationId, UUID entityId) {
        bump(organizationId);
        for (SubscriberConnection connection : registry.ofOrganization(organizationId)) {
            revokeWhere(connection, subscription -> entityId.equals(subscription.entityId()));
        }
    }

    private void revokeWhere(SubscriberConnection connection, Predicate<io.callwire.subscription.Subscription> noLongerAllowed) {
        SubscriberSession session = sessions.get(connection);
        if (session != null) {
            connection.context().runOnContext(v -> session.revokeWhere(noLongerAllowed));
        }
    }
}
