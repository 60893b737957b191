package io.callwire.subscription.endpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventCodec;
import io.callwire.subscription.Caller;
import io.callwire.subscription.config.HubConfig;
import io.callwire.subscription.config.RteConfig;
import io.callwire.subscription.service.EntityService;
import io.callwire.subscription.service.RoutingService;
import io.callwire.subscription.service.RteMetrics;
import io.callwire.subscription.service.SubscriberConnection.CloseCause;
import io.callwire.subscription.service.SubscriberRegistry;
import io.callwire.subscription.service.SubscriberSession;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The SignalR face's connections on this replica: opens them (or resumes a stateful one), sends the
 * keep-alive Pings, ends stateful sessions whose reconnect window passed, and on shutdown stops
 * taking connections, asks every client to reconnect elsewhere and waits for them to go.
 */
@ApplicationScoped
public class RteHub {

    private static final Logger LOG = Logger.getLogger(RteHub.class);
    private static final int FORGOTTEN_LIMIT = 10_000;

    private final Vertx vertx;
    private final RteConfig config;
    private final HubConfig hubConfig;
    private final RoutingService routing;
    private final EntityService entities;
    private final HubConnection.Collaborators collaborators;
    private final Set<HubConnection> connections = ConcurrentHashMap.newKeySet();
    /** Stateful connections by the connection token they were opened with. */
    private final Map<String, HubConnection> resumable = new ConcurrentHashMap<>();
    /** Connection ids whose reconnect found no session here: a second try gets 404 at the upgrade. */
    private final Map<UUID, Boolean> forgotten = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > FORGOTTEN_LIMIT;
        }
    });
    private volatile boolean draining;
    private long pingTimer = -1;

    public RteHub(Vertx vertx, RteConfig config, HubConfig hubConfig, RoutingService routing, ObjectMapper mapper, EventCodec events,
                  EventCatalog catalog, RteMetrics metrics, EntityService entities) {
        this.entities = entities;
        this.vertx = vertx;
        this.config = config;
        this.hubConfig = hubConfig;
        this.routing = routing;
        this.collaborators = new HubConnection.Collaborators(new HubCodec(mapper, events, catalog), catalog.eventNames(),
                config, hubConfig, metrics, this, TextFrames.waterMark(config.writeQueueMaxBytes()));
    }

    void startPings(@Observes StartupEvent started) {
        long clientTimeout = config.clientTimeout().toNanos();
        long window = hubConfig.statefulReconnectWindow().toNanos();
        long interval = config.pingInterval().toNanos();
        // A sweep per tick, not one per ping interval: each connection is pinged when it has been
        // quiet for its own interval (the ping interval less a fixed per-connection part of a quarter
        // of it), so the Pings of connections opened together do not all leave in one burst; sending
        // 10,000 Pings in one go stalled every event loop for tens of milliseconds.
        long tick = Math.max(50, Math.min(1_000, config.pingInterval().toMillis() / 10));
        long spread = Math.max(1, interval / 4);
        pingTimer = vertx.setPeriodic(tick, id -> {
            long now = System.nanoTime();
            // one task per event loop for its connections, not one per connection
            Map<Context, java.util.List<HubConnection>> byLoop = new java.util.IdentityHashMap<>();
            for (HubConnection connection : connections) {
                byLoop.computeIfAbsent(connection.context(), c -> new java.util.ArrayList<>()).add(connection);
            }
            byLoop.forEach((loop, those) -> loop.runOnContext(v -> {
                for (HubConnection connection : those) {
                    long parked = connection.parkedSince();
                    if (parked != 0 && now - parked > window) {
                        connection.end();
                    } else {
                        long pingAfter = interval - Math.floorMod(connection.connectionId().getLeastSignificantBits(), spread);
                        connection.keepAlive(now, pingAfter, clientTimeout);
                    }
                }
            }));
        });
    }

    /**
     * On SIGTERM (a rolling update, a scale-down): refuse new connections (503), send every client a
     * Close with {@code allowReconnect: true} so that it reconnects to another replica, and wait up
     * to {@code callwire.rte.hub.shutdown-drain-timeout} for the connections to end.
     */
    void drainOnShutdown(@Observes ShutdownEvent stopping) {
        draining = true;
        int open = routing.connections().size();
        LOG.infof("shutting down: asking %d connection(s) to reconnect elsewhere", open);
        routing.closeAll(CloseCause.SHUTTING_DOWN);
        // parked stateful sessions have nobody to tell: end them
        connections.forEach(connection -> connection.context().runOnContext(v -> {
            if (connection.parkedSince() != 0) {
                connection.end();
            }
        }));
        long deadline = System.nanoTime() + hubConfig.shutdownDrainTimeout().toNanos();
        while (routing.connections().size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20); // the shutdown thread, not an event loop: waiting is its job here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.infof("shutting down: %d connection(s) left", routing.connections().size());
    }

    @PreDestroy
    void stopPings() {
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
        }
    }

    /** Test hook: the tests share one application, so a test of the drain takes connections again after. */
    void acceptAgainForTests() {
        draining = false;
    }

    /** Whether the replica is shutting down and takes no new connections. */
    boolean draining() {
        return draining;
    }

    /** A stateful connection of this subject opened with this connection token, if this replica has it. */
    HubConnection resumable(String connectionToken, String subject) {
        HubConnection connection = connectionToken == null ? null : resumable.get(connectionToken);
        return connection != null && connection.stateful() && connection.caller().subject().equals(subject) ? connection : null;
    }

    /** Whether a reconnect with this id already failed here. */
    boolean forgotten(UUID connectionId) {
        return forgotten.containsKey(connectionId);
    }

    void forget(UUID connectionId) {
        forgotten.put(connectionId, Boolean.TRUE);
    }

    /**
     * Opens a connection whose upgrade was accepted: registers it with the routing in the slot
     * taken before the upgrade. Runs on the connection's event loop.
     */
    HubConnection open(WebSocketConnection socket, UpgradeData upgrade, Context context) {
        HubConnection connection = new HubConnection(upgrade.connectionId(), upgrade.connectionToken(), upgrade.caller(),
                upgrade.remoteAddress(), context, socket, upgrade.channel(), upgrade.stateful(), collaborators);
        connections.add(connection);
        if (upgrade.stateful()) {
            resumable.put(upgrade.connectionToken(), connection);
        }
        SubscriberSession session = routing.register(connection, upgrade.slot(), upgrade.snapshot()).orElse(null);
        if (session == null) {
            connection.attach(null);
            connection.closeWithError("Too many connections for this user", false);
            return connection;
        }
        connection.attach(session);
        entities.registerFromToken(upgrade.caller()).subscribe().with(ok -> { },
                failure -> LOG.warnf("user %s not registered: %s", upgrade.caller().subject(), failure.getMessage()));
        // fires on the connection's loop; cancelled by the handshake (a pending timer holds the connection
        // and the callback's context: with thousands connecting, that is a few hundred bytes each)
        connection.handshakeTimer(vertx.setTimer(config.handshakeTimeout().toMillis(),
                id -> context.runOnContext(v -> connection.handshakeDeadline())));
        return connection;
    }

    /** A connection ended for good. */
    void ended(HubConnection connection) {
        // the routing first: the connection leaves every route before anything else forgets it
        routing.unregister(connection);
        connections.remove(connection);
        if (connection.connectionToken() != null) {
            resumable.remove(connection.connectionToken(), connection);
        }
    }

    /**
     * What the upgrade check learnt, handed to the connection through the WebSocket's user data (and
     * taken out of it once the connection opened); {@code headers} is the upgrade request's header map,
     * which Vert.x keeps with the socket.
     */
    record UpgradeData(java.util.UUID connectionId, String connectionToken, Caller caller, String remoteAddress,
                       SubscriberRegistry.Slot slot, boolean stateful, boolean snapshot, HubConnection resume,
                       io.netty.channel.ChannelHandlerContext channel, io.vertx.core.MultiMap headers) {

        static final io.quarkus.websockets.next.UserData.TypedKey<UpgradeData> KEY =
                new io.quarkus.websockets.next.UserData.TypedKey<>("callwire.rte.upgrade");
    }

}
