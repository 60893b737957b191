package io.callwire.subscription.endpoint;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.contract.event.EntityType;
import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventDefinition;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.subscription.Caller;
import io.callwire.subscription.Grant;
import io.callwire.subscription.config.RteConfig;
import io.callwire.subscription.service.PermissionPolicy;
import io.callwire.subscription.service.SubscriptionService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;

/**
 * The hub: opens connections, routes events to them through the {@link RoutingIndex}, and acts on
 * revocations and permission changes. Shared by every connection of this replica.
 */
@ApplicationScoped
public class RteHub {

    private static final Logger LOG = Logger.getLogger(RteHub.class);
    private static final byte[] PING = "{\"type\":6}\u001e".getBytes(StandardCharsets.UTF_8);

    private final Vertx vertx;
    private final RteConfig config;
    private final ObjectMapper mapper;
    private final EventCatalog catalog;
    private final EventCodec codec;
    private final SubscriptionService subscriptions;
    private final RoutingIndex index;
    private final ConnectionRegistry connections;
    private final RteMetrics metrics;
    private long pingTimer = -1;

    public RteHub(Vertx vertx, RteConfig config, ObjectMapper mapper, EventCatalog catalog, EventCodec codec,
                  SubscriptionService subscriptions, RoutingIndex index, ConnectionRegistry connections,
                  RteMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.mapper = mapper;
        this.catalog = catalog;
        this.codec = codec;
        this.subscriptions = subscriptions;
        this.index = index;
        this.connections = connections;
        this.metrics = metrics;
    }

    void startPings(@Observes StartupEvent started) {
        long clientTimeout = config.clientTimeout().toNanos();
        // one timer for the replica rather than one per connection
        pingTimer = vertx.setPeriodic(config.pingInterval().toMillis(),
                id -> connections.all().forEach(connection -> connection.keepAlive(PING, clientTimeout)));
    }

    /**
     * On shutdown (a rolling update, a scale-down) tells every client to reconnect, which lands it on
     * another replica, instead of letting its connection drop without a Close.
     */
    void closeOnShutdown(@Observes ShutdownEvent stopping) {
        connections.all().forEach(connection -> connection.closeWithError("Server shutting down", true));
    }

    @PreDestroy
    void stopPings() {
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
        }
    }

    /** Starts the SignalR protocol on an accepted WebSocket; false if the caller has too many connections. */
    boolean open(ServerWebSocket socket, Caller caller, UUID connectionId, String remoteAddress, Context context) {
        HubConnection connection = new HubConnection(connectionId, caller, socket, context, remoteAddress, this);
        if (!connections.add(connection, config.maxConnectionsPerUser())) {
            return false;
        }
        connection.start();
        return true;
    }

    /**
     * Delivers one event to every subscription of it: its data is encoded once, then spliced into
     * each recipient's pre-encoded record.
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
        // group the recipients by event loop: one task per loop writes to all its connections, instead
        // of one cross-thread task per recipient
        IdentityHashMap<Context, List<ActiveSubscription>> byLoop = new IdentityHashMap<>();
        index.forEachRecipient(event.organizationId(), definition.name(), event.entityId(), subscription ->
                byLoop.computeIfAbsent(subscription.connection().context(), c -> new ArrayList<>()).add(subscription));
        if (LOG.isDebugEnabled()) {
            LOG.debugf("event %s (%s %s) to %d loop(s)", event.id(), definition.name(), event.entityId(), byLoop.size());
        }
        if (byLoop.isEmpty()) {
            return;
        }
        byte[] data = encode(event); // once per event, whatever the number of recipients
        byLoop.forEach((context, recipients) -> context.runOnContext(v -> {
            int delivered = 0;
            for (ActiveSubscription recipient : recipients) {
                if (recipient.connection().deliver(recipient, data)) {
                    delivered++;
                }
            }
            metrics.delivered.increment(delivered);
        }));
    }

    /** Closes the connections a revocation covers with {@code Token revoked}. */
    public void revoke(String subject, Predicate<Caller> covered) {
        for (HubConnection connection : connections.ofSubject(subject)) {
            if (covered.test(connection.caller())) {
                connection.closeWithError("Token revoked", false);
            }
        }
    }

    /**
     * Drops, on every connection of the organization, the subscriptions its current grants no
     * longer allow; each affected client receives {@code SubscriptionRevoked}.
     */
    public void reevaluate(UUID organizationId, List<Grant> grants) {
        for (HubConnection connection : connections.ofOrganization(organizationId)) {
            Caller caller = connection.caller();
            connection.revokeWhere(subscription -> !PermissionPolicy.allows(caller, grants,
                    subscription.allRootEntities() ? null : subscription.organizationId(),
                    EntityType.fromWire(subscription.entityType()).orElseThrow(),
                    subscription.entityId(), subscription.eventType()));
        }
    }

    /** Ends, on every connection of the organization, the subscriptions to a deleted entity. */
    public void revokeEntity(UUID organizationId, UUID entityId) {
        for (HubConnection connection : connections.ofOrganization(organizationId)) {
            connection.revokeWhere(subscription -> entityId.equals(subscription.entityId()));
        }
    }

    private byte[] encode(EventEnvelope event) {
        try {
            return mapper.writeValueAsBytes(codec.toClientJson(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many connections the subject has on this replica. */
    int connectionsOf(String subject) {
        return connections.ofSubject(subject).size();
    }

    /** The per-user connection limit. */
    int maxConnectionsPerUser() {
        return config.maxConnectionsPerUser();
    }

    Vertx vertx() {
        return vertx;
    }

    RteConfig config() {
        return config;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    EventCatalog catalog() {
        return catalog;
    }

    SubscriptionService subscriptions() {
        return subscriptions;
    }

    RoutingIndex index() {
        return index;
    }

    ConnectionRegistry connections() {
        return connections;
    }

    RteMetrics metrics() {
        return metrics;
    }
}
