package io.callwire.subscription.endpoint.socketio;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.contract.axialys.AxialysMapping;
import io.callwire.contract.event.EntityType;
import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventDefinition;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.subscription.Caller;
import io.callwire.subscription.Grant;
import io.callwire.subscription.SubscriptionResult;
import io.callwire.subscription.config.SocketIoConfig;
import io.callwire.subscription.security.ClientAddress;
import io.callwire.subscription.security.TokenVerifier;
import io.callwire.subscription.service.Admission;
import io.callwire.subscription.service.RoutingService;
import io.callwire.subscription.service.StreamPermissions;
import io.callwire.subscription.service.SubscriberConnection;
import io.callwire.subscription.service.SubscriberRegistry;
import io.callwire.subscription.service.SubscriberSession;
import io.callwire.subscription.service.SubscriptionRequest;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The Socket.IO face of the hub: Engine.IO sessions by {@code sid}, streams by {@code pid}, and the
 * {@code init} handshake of the Axialys document. An initialised stream is a connection of the
 * {@link RoutingService}, exactly like a {@code /rte} connection (same routing index, permission
 * rules, revocation and per-user limit); instead of waiting for {@code Subscribe} calls it
 * subscribes itself to every event its caller may see: an {@code agent} stream to its own User
 * events, the others to every event of the organization that {@code /rte}'s rules allow (all
 * entities where allowed, else each granted entity and the caller's own User entity). Each event is
 * mapped and encoded once for every stream ({@link #NOTIFICATION}).
 */
@ApplicationScoped
public class SocketIoServer {

    private static final Logger LOG = Logger.getLogger(SocketIoServer.class);

    /** connect_error reasons a client may see. */
    static final String INVALID_NAMESPACE = "Invalid namespace";
    static final String INVALID_INIT = "init expects (type, target, id_session) with type api, supervisor or agent";
    static final String INVALID_SESSION = "Session invalid, expired or revoked";
    static final String OTHER_ADDRESS = "Session bound to another address";
    static final String WRONG_TARGET = "Target does not match the session";
    static final String WRONG_TYPE = "This session cannot open an agent stream for someone else";
    static final String TOO_MANY = "Too many connections for this session";
    static final String SESSION_EXPIRED = "Session expired";
    static final String SESSION_REVOKED = "Session revoked";
    static final String TOO_MANY_FOR_USER = "Too many connections for this user";
    static final String UNAVAILABLE = "Service unavailable, try again";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AxialysMapping MAPPING = AxialysMapping.standard();

    /** The Axialys notification of an event, computed once per event whatever the number of streams. */
    static final Function<EventEnvelope, String> NOTIFICATION = event -> {
        try {
            return JSON.writeValueAsString(MAPPING.notification(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    };

    private final Vertx vertx;
    private final SocketIoConfig config;
    private final ObjectMapper mapper;
    private final TokenVerifier verifier;
    private final ClientAddress clientAddress;
    private final StreamPermissions permissions;
    private final EventCatalog catalog;
    private final RoutingService routing;
    private final SecureRandom random = new SecureRandom();

    private final Map<String, EngineSession> engines = new ConcurrentHashMap<>();
    private final Map<String, StreamSession> streams = new ConcurrentHashMap<>();
    private final Map<String, Set<StreamSession>> byToken = new ConcurrentHashMap<>();
    private long heartbeatTimer = -1;
    private long sweepTimer = -1;

    public SocketIoServer(Vertx vertx, SocketIoConfig config, ObjectMapper mapper, TokenVerifier verifier,
                          ClientAddress clientAddress, StreamPermissions permissions, EventCatalog catalog,
                          RoutingService routing) {
        this.routing = routing;
        this.vertx = vertx;
        this.config = config;
        this.mapper = mapper;
        this.verifier = verifier;
        this.clientAddress = clientAddress;
        this.permissions = permissions;
        this.catalog = catalog;
    }

    void start(@Observes StartupEvent started) {
        long timeout = config.pingTimeout().toNanos();
        // one timer per replica for every session, not one per session
        heartbeatTimer = vertx.setPeriodic(config.pingInterval().toMillis(),
                id -> engines.values().forEach(engine -> engine.heartbeat(System.nanoTime(), timeout)));
        sweepTimer = vertx.setPeriodic(1000, id -> sweep());
    }

    void stop(@Observes ShutdownEvent stopping) {
        engines.values().forEach(engine -> engine.close(EngineSession.CloseReason.SERVER_SHUTDOWN));
    }

    @PreDestroy
    void cancelTimers() {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
    }

    // ---- Engine.IO sessions

    /** A new Engine.IO session (polling handshake, or a WebSocket without {@code sid}). */
    EngineSession open(String address, WebSocketTransport socket) {
        String sid = randomId();
        EngineSession engine = new EngineSession(sid, address, this, config.maxBufferedPackets(), socket);
        engines.put(sid, engine);
        return engine;
    }

    /** The {@code open} packet of a session. */
    String openPacket(EngineSession engine, boolean canUpgrade) {
        return EngineIoCodec.open(engine.sid(), canUpgrade, config.pingInterval().toMillis(),
                config.pingTimeout().toMillis(), config.maxPayload());
    }

    Optional<EngineSession> engine(String sid) {
        return sid == null ? Optional.empty() : Optional.ofNullable(engines.get(sid));
    }

    SocketIoConfig config() {
        return config;
    }

    ClientAddress clientAddress() {
        return clientAddress;
    }

    /** An Engine.IO session ended: its stream stays recoverable after a transport failure, else ends. */
    void engineClosed(EngineSession engine, StreamSession stream, EngineSession.CloseReason reason) {
        engines.remove(engine.sid(), engine);
        if (stream == null) {
            return;
        }
        if (reason.recoverable && !stream.ended()) {
            stream.disconnected(System.nanoTime());
        } else {
            end(stream);
        }
    }

    // ---- Socket.IO packets

    /** A Socket.IO packet from a client (the text of an Engine.IO {@code message}). */
    void onMessage(EngineSession engine, String text) {
        SocketIoPacket packet;
        try {
            packet = SocketIoPacket.decode(text, mapper);
        } catch (SocketIoPacket.MalformedPacket malformed) {
            LOG.debugf("engine session %s: %s", engine.sid(), malformed.getMessage());
            engine.close(EngineSession.CloseReason.PARSE_ERROR);
            return;
        }
        if (!SocketIoPacket.MAIN_NAMESPACE.equals(packet.namespace())) {
            if (packet.type() == SocketIoPacket.CONNECT) {
                engine.send(SocketIoPacket.connectError(packet.namespace(), INVALID_NAMESPACE));
            }
            return;
        }
        switch (packet.type()) {
            case SocketIoPacket.CONNECT -> connect(engine, packet.data());
            case SocketIoPacket.DISCONNECT -> {
                StreamSession stream = engine.stream();
                if (stream != null) {
                    engine.detach(stream);
                    end(stream);
                }
            }
            case SocketIoPacket.EVENT -> event(engine, packet);
            default -> { } // ACKs: the server asks for none
        }
    }

    private void connect(EngineSession engine, JsonNode data) {
        if (engine.stream() != null) {
            return; // already connected to the namespace
        }
        long now = System.nanoTime();
        if (data != null && data.hasNonNull("pid")) {
            StreamSession previous = streams.get(data.get("pid").asText());
            if (previous != null) {
                if (previous.resume(engine, data.path("offset").asText(null), now)) {
                    LOG.debugf("stream %s recovered on engine session %s", previous.pid(), engine.sid());
                    return;
                }
                if (previous.engine() == null) {
                    end(previous); // past the window or the buffer: the client starts afresh and knows it
                }
            }
        }
        StreamSession stream = new StreamSession(randomId(), randomId(), engine, config.recoveryBuffer(),
                config.recoveryWindow().toNanos(), this);
        streams.put(stream.pid(), stream);
        engine.attach(stream);
        engine.send(SocketIoPacket.connect(stream.socketId(), stream.pid()));
    }

    private void event(EngineSession engine, SocketIoPacket packet) {
        StreamSession stream = engine.stream();
        JsonNode args = packet.data();
        if (stream == null || !"init".equals(args.get(0).asText())) {
            return; // an event without a handler is ignored, as by a Socket.IO server
        }
        Optional<StreamSession.Kind> kind = args.size() >= 4 && args.get(1).isTextual()
                ? StreamSession.Kind.of(args.get(1).asText()) : Optional.empty();
        JsonNode target = args.get(2);
        JsonNode token = args.get(3);
        if (kind.isEmpty() || target == null || !(target.isTextual() || target.isNumber()) || token == null || !token.isTextual()) {
            refuse(engine, stream, INVALID_INIT);
            return;
        }
        String address = engine.address();
        // A stream's routing work runs on one event loop for its whole life: the loop of the connection
        // that sent its first init (the root context, not this request's duplicated one).
        Context connectionLoop = VertxContext.getRootContext(vertx.getOrCreateContext());
        vertx.executeBlocking(() -> verifier.verify(token.asText()), false).onComplete(result -> {
            Optional<Caller> caller = result.succeeded() ? result.result() : Optional.empty();
            String refusal = caller.isEmpty() ? INVALID_SESSION : refusal(caller.get(), kind.get(), target.asText(), address);
            if (refusal != null) {
                refuse(engine, stream, refusal);
                return;
            }
            Context loop = stream.context() != null ? stream.context() : connectionLoop;
            loop.runOnContext(v -> init(engine, stream, caller.get(), kind.get(), address, loop, packet.ackId()));
        });
    }

    /** Why this caller may not open this stream, or null. */
    private String refusal(Caller caller, StreamSession.Kind kind, String target, String address) {
        if (caller.boundIp().isPresent() && !ClientAddress.sameAddress(caller.boundIp().get(), address)) {
            return OTHER_ADDRESS;
        }
        boolean targetMatches = target.equalsIgnoreCase(caller.subject())
                || kind == StreamSession.Kind.API && target.equalsIgnoreCase(caller.organizationId().toString());
        return targetMatches ? null : WRONG_TARGET;
    }

    /** On the stream's event loop: registers the stream with the routing, or refreshes its session. */
    private void init(EngineSession engine, StreamSession stream, Caller caller, StreamSession.Kind kind, String address,
                      Context loop, Long ackId) {
        if (stream.ended()) {
            return;
        }
        if (stream.initialized()) {
            // a refresh: the same subject with a fresh id_session keeps its stream, cpt and subscriptions
            Caller previous = stream.caller();
            if (!previous.subject().equals(caller.subject()) || kind != stream.kind()) {
                refuse(engine, stream, WRONG_TARGET);
                return;
            }
            if (!countSession(stream, caller)) {
                refuse(engine, stream, TOO_MANY);
                return;
            }
            remove(byToken, previous.tokenId(), stream);
            stream.refresh(caller);
            acknowledge(engine, ackId, caller);
            return;
        }
        if (!countSession(stream, caller)) {
            refuse(engine, stream, TOO_MANY);
            return;
        }
        routing.reserve(Admission.of(caller, Admission.SOCKET_IO, stream.connectionId(), address)).subscribe().with(
                slot -> loop.runOnContext(v -> admitted(engine, stream, caller, kind, address, loop, ackId, slot)),
                failure -> loop.runOnContext(v -> {
                    LOG.warnf("stream %s not admitted: the sessions table cannot be reached: %s", stream.pid(),
                            failure.getMessage());
                    remove(byToken, caller.tokenId(), stream);
                    refuse(engine, stream, UNAVAILABLE);
                }));
    }

    /** On the stream's event loop, after the per-user place was asked for across the replicas. */
    private void admitted(EngineSession engine, StreamSession stream, Caller caller, StreamSession.Kind kind, String address,
                          Context loop, Long ackId, Optional<SubscriberRegistry.Slot> slot) {
        if (slot.isEmpty()) {
            remove(byToken, caller.tokenId(), stream);
            refuse(engine, stream, TOO_MANY_FOR_USER);
            return;
        }
        if (stream.ended() || stream.initialized()) {
            // gone meanwhile, or a second init overtook this one while both were counted
            routing.release(slot.get());
            return;
        }
        stream.authorize(caller, kind, address, loop);
        SubscriberSession session = routing.register(stream, slot.get(), false).orElse(null);
        if (session == null) {
            refuse(engine, stream, TOO_MANY_FOR_USER);
            return;
        }
        stream.attach(session);
        subscribeEverything(stream).subscribe().with(
                done -> {
                    LOG.debugf("stream %s initialised: %s %s of %s, %d subscriptions", stream.pid(), kind.wire,
                            caller.subject(), caller.organizationId(), stream.subscriptions().size());
                    acknowledge(engine, ackId, caller);
                },
                failure -> {
                    LOG.warnf("stream %s: subscriptions of %s not decided: %s", stream.pid(), caller.subject(), failure.getMessage());
                    refuse(engine, stream, UNAVAILABLE);
                });
    }

    private void acknowledge(EngineSession engine, Long ackId, Caller caller) {
        if (ackId != null) {
            engine.send(SocketIoPacket.ack(ackId, mapper.createArrayNode().add(mapper.createObjectNode()
                    .put("status", "ok").put("expire", caller.expiresAt().toString()))));
        }
    }

    /** The per-session limit: one {@code id_session} opens at most {@code maxConnectionsPerSession} streams. */
    private boolean countSession(StreamSession stream, Caller caller) {
        Set<StreamSession> sameToken = byToken.computeIfAbsent(caller.tokenId(), id -> ConcurrentHashMap.newKeySet());
        synchronized (sameToken) {
            if (!sameToken.contains(stream) && sameToken.size() >= config.maxConnectionsPerSession()) {
                return false;
            }
            sameToken.add(stream);
            return true;
        }
    }

    /**
     * Subscribes the stream to every event its caller may see, through the same decisions as a
     * {@code Subscribe} on {@code /rte}: first all entities of every event (agents: only their own
     * User entity); then, for the events refused for all entities, each entity a grant names and the
     * caller's own User entity. Completes on the stream's loop.
     */
    Uni<Void> subscribeEverything(StreamSession stream) {
        Caller caller = stream.caller();
        SubscriberSession session = stream.session();
        if (session == null || stream.ended()) {
            return Uni.createFrom().voidItem();
        }
        String own = caller.subjectId().map(UUID::toString).orElse(null);
        if (stream.kind() == StreamSession.Kind.AGENT) {
            List<SubscriptionRequest> mine = own == null ? List.of() : catalog.eventsFor(EntityType.USER).stream()
                    .map(event -> new SubscriptionRequest(own, event.name())).toList();
            return session.subscribe(mine).replaceWithVoid();
        }
        List<SubscriptionRequest> everything = catalog.events().stream()
                .map(event -> new SubscriptionRequest(null, event.name())).toList();
        return session.subscribe(everything).chain(subscribed -> {
            List<String> refused = new java.util.ArrayList<>();
            for (int i = 0; i < everything.size(); i++) {
                if (!subscribed.results().get(i).subscribed()) {
                    refused.add(everything.get(i).eventName());
                }
            }
            if (refused.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return permissions.grantsFor(caller).chain(grants -> {
                java.util.Set<SubscriptionRequest> specific = new java.util.LinkedHashSet<>();
                for (String name : refused) {
                    EventDefinition event = catalog.find(name).orElseThrow();
                    if (event.entityType() == EntityType.USER && own != null) {
                        specific.add(new SubscriptionRequest(own, name));
                    }
                    for (Grant grant : grants) {
                        if (grant.entityId() != null && grant.appliesTo(caller) && grant.covers(event.entityType(), grant.entityId(), name)) {
                            specific.add(new SubscriptionRequest(grant.entityId().toString(), name));
                        }
                    }
                }
                // from the stream's loop: the session's state changes there
                return Uni.createFrom().emitter(emitter -> stream.context().runOnContext(v ->
                        session.subscribe(List.copyOf(specific)).subscribe().with(done -> emitter.complete(null), emitter::fail)));
            });
        });
    }

    private void refuse(EngineSession engine, StreamSession stream, String reason) {
        LOG.debugf("stream %s refused: %s", stream.pid(), reason);
        engine.send(SocketIoPacket.connectError(SocketIoPacket.MAIN_NAMESPACE, reason));
        engine.detach(stream);
        end(stream);
    }

    private void end(StreamSession stream) {
        stream.end();
        streams.remove(stream.pid(), stream);
        Caller caller = stream.caller();
        if (caller != null) {
            remove(byToken, caller.tokenId(), stream);
        }
        Context loop = stream.context();
        if (stream.session() != null && loop != null) {
            loop.runOnContext(v -> routing.unregister(stream));
        }
    }

    private static <K> void remove(Map<K, Set<StreamSession>> index, K key, StreamSession stream) {
        if (key != null) {
            index.computeIfPresent(key, (k, set) -> {
                set.remove(stream);
                return set.isEmpty() ? null : set;
            });
        }
    }

    // ---- from the routing: revocation, shutdown, grants

    /** The routing closes a stream: a revoked token gets {@code connect_error "Session revoked"}. */
    void closeFromRouting(StreamSession stream, SubscriberConnection.CloseCause cause) {
        if (cause == SubscriberConnection.CloseCause.TOKEN_REVOKED) {
            terminate(stream, SESSION_REVOKED);
        } else {
            EngineSession engine = stream.engine();
            if (engine != null) {
                engine.close(EngineSession.CloseReason.SERVER_SHUTDOWN);
            }
            // the replica is going away: nothing is left here to recover into, and the drain waits
            // for every registered connection (the client reconnects to another replica)
            end(stream);
        }
    }

    /**
     * An organization's grants changed: the routing already dropped what they no longer allow; the
     * streams of the organization subscribe to what they now allow.
     */
    public void regrant(UUID organizationId) {
        for (SubscriberConnection connection : routing.connections().ofOrganization(organizationId)) {
            if (connection instanceof StreamSession stream && stream.kind() != StreamSession.Kind.AGENT) {
                stream.context().runOnContext(v -> subscribeEverything(stream).subscribe().with(done -> { },
                        failure -> LOG.warnf("stream %s not re-subscribed: %s", stream.pid(), failure.getMessage())));
            }
        }
    }

    /** How many streams are open or recoverable on this replica. */
    public int streams() {
        return streams.size();
    }

    private void terminate(StreamSession stream, String reason) {
        EngineSession engine = stream.engine();
        if (engine != null) {
            engine.send(SocketIoPacket.connectError(SocketIoPacket.MAIN_NAMESPACE, reason));
            engine.detach(stream);
        }
        end(stream);
    }

    /** Every second: streams whose session token expired end; abandoned streams are forgotten. */
    private void sweep() {
        long now = System.nanoTime();
        Instant wallNow = Instant.now();
        for (StreamSession stream : List.copyOf(streams.values())) {
            Caller caller = stream.caller();
            if (stream.abandoned(now)) {
                end(stream);
            } else if (caller != null && !caller.expiresAt().isAfter(wallNow)) {
                terminate(stream, SESSION_EXPIRED);
            }
        }
    }

    private String randomId() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
