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
import java.util.function.Predicate;

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
import io.callwire.subscription.config.SocketIoConfig;
import io.callwire.subscription.security.ClientAddress;
import io.callwire.subscription.security.TokenVerifier;
import io.callwire.subscription.service.StreamPermissions;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * The Socket.IO face of the hub: Engine.IO sessions by {@code sid}, streams by {@code pid}, the
 * {@code init} handshake of the Axialys document, and the routing of events to the streams that may
 * see them (an index by organization for {@code api}/{@code supervisor} streams and by user for
 * {@code agent} streams; each event is mapped and encoded once, whatever the number of recipients).
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

    private final Vertx vertx;
    private final SocketIoConfig config;
    private final ObjectMapper mapper;
    private final TokenVerifier verifier;
    private final ClientAddress clientAddress;
    private final StreamPermissions permissions;
    private final EventCatalog catalog;
    private final AxialysMapping mapping = AxialysMapping.standard();
    private final SecureRandom random = new SecureRandom();

    private final Map<String, EngineSession> engines = new ConcurrentHashMap<>();
    private final Map<String, StreamSession> streams = new ConcurrentHashMap<>();
    private final Map<UUID, Set<StreamSession>> byOrganization = new ConcurrentHashMap<>();
    private final Map<UUID, Set<StreamSession>> byUser = new ConcurrentHashMap<>();
    private final Map<String, Set<StreamSession>> byToken = new ConcurrentHashMap<>();
    private long heartbeatTimer = -1;
    private long sweepTimer = -1;

    public SocketIoServer(Vertx vertx, SocketIoConfig config, ObjectMapper mapper, TokenVerifier verifier,
                          ClientAddress clientAddress, StreamPermissions permissions, EventCatalog catalog) {
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
                config.recoveryWindow().toNanos());
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
        vertx.executeBlocking(() -> verifier.verify(token.asText()), false).onComplete(result -> {
            Optional<Caller> caller = result.succeeded() ? result.result() : Optional.empty();
            String refusal = caller.isEmpty() ? INVALID_SESSION : refusal(caller.get(), kind.get(), target.asText(), address);
            if (refusal != null) {
                refuse(engine, stream, refusal);
                return;
            }
            permissions.grantsFor(caller.get()).subscribe().with(grants -> {
                if (!authorize(stream, caller.get(), kind.get(), grants)) {
                    refuse(engine, stream, TOO_MANY);
                    return;
                }
                if (packet.ackId() != null) {
                    engine.send(SocketIoPacket.ack(packet.ackId(), mapper.createArrayNode().add(mapper.createObjectNode()
                            .put("status", "ok").put("expire", caller.get().expiresAt().toString()))));
                }
            }, failure -> {
                LOG.warnf("grants of %s not loaded: %s", caller.get().organizationId(), failure.getMessage());
                refuse(engine, stream, "Service unavailable, try again");
            });
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

    /** Registers (or re-registers, after a refresh) the stream in the routing index. */
    private boolean authorize(StreamSession stream, Caller caller, StreamSession.Kind kind, List<Grant> grants) {
        if (stream.ended()) {
            return true;
        }
        Set<StreamSession> sameToken = byToken.computeIfAbsent(caller.tokenId(), id -> ConcurrentHashMap.newKeySet());
        synchronized (sameToken) {
            if (!sameToken.contains(stream) && sameToken.size() >= config.maxConnectionsPerSession()) {
                return false;
            }
            sameToken.add(stream);
        }
        unindex(stream);
        stream.authorize(caller, kind, grants);
        index(stream);
        LOG.debugf("stream %s initialised: %s %s of %s", stream.pid(), kind.wire, caller.subject(), caller.organizationId());
        return true;
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
        unindex(stream);
    }

    private void index(StreamSession stream) {
        Caller caller = stream.caller();
        if (stream.kind() == StreamSession.Kind.AGENT) {
            caller.subjectId().ifPresent(user -> byUser.computeIfAbsent(user, id -> ConcurrentHashMap.newKeySet()).add(stream));
        } else {
            byOrganization.computeIfAbsent(caller.organizationId(), id -> ConcurrentHashMap.newKeySet()).add(stream);
        }
    }

    private void unindex(StreamSession stream) {
        Caller caller = stream.caller();
        if (caller == null) {
            return;
        }
        remove(byOrganization, caller.organizationId(), stream);
        caller.subjectId().ifPresent(user -> remove(byUser, user, stream));
        remove(byToken, caller.tokenId(), stream);
    }

    private static <K> void remove(Map<K, Set<StreamSession>> index, K key, StreamSession stream) {
        if (key != null) {
            index.computeIfPresent(key, (k, set) -> {
                set.remove(stream);
                return set.isEmpty() ? null : set;
            });
        }
    }

    // ---- routing, revocation, permission changes

    /** Delivers an event to every stream that may see it, mapped and encoded once. */
    public void route(EventEnvelope event) {
        if (event.isExpiredAt(Instant.now())) {
            return;
        }
        Set<StreamSession> organization = byOrganization.get(event.organizationId());
        Set<StreamSession> user = event.entityType() == EntityType.USER ? byUser.get(event.entityId()) : null;
        if ((organization == null || organization.isEmpty()) && (user == null || user.isEmpty())) {
            return;
        }
        EventDefinition definition = catalog.find(event.eventType()).orElse(null);
        if (definition == null || definition.entityType() != event.entityType()) {
            return; // RteHub logs and counts these
        }
        String notification;
        try {
            notification = mapper.writeValueAsString(mapping.notification(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        long eventSecond = event.timestamp().getEpochSecond();
        long now = System.nanoTime();
        deliver(organization, event, definition, notification, eventSecond, now);
        deliver(user, event, definition, notification, eventSecond, now);
    }

    private static void deliver(Set<StreamSession> recipients, EventEnvelope event, EventDefinition definition,
                                String notification, long eventSecond, long now) {
        if (recipients == null) {
            return;
        }
        for (StreamSession stream : recipients) {
            if (stream.allows(event.organizationId(), event.entityType(), event.entityId(), definition.name())) {
                stream.deliver(notification, eventSecond, now);
            }
        }
    }

    /** Ends, with {@code connect_error "Session revoked"}, the streams of a subject that a revocation covers. */
    public void revoke(String subject, Predicate<Caller> covered) {
        for (StreamSession stream : List.copyOf(streams.values())) {
            Caller caller = stream.caller();
            if (caller != null && caller.subject().equals(subject) && covered.test(caller)) {
                terminate(stream, SESSION_REVOKED);
            }
        }
    }

    /** An organization's grants changed: supervisors' streams see what the new grants allow from now on. */
    public void regrant(UUID organizationId, List<Grant> grants) {
        Set<StreamSession> organization = byOrganization.get(organizationId);
        if (organization != null) {
            organization.forEach(stream -> stream.regrant(grants));
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
