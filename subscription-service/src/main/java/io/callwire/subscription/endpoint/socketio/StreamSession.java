package io.callwire.subscription.endpoint.socketio;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.callwire.subscription.Caller;
import io.callwire.subscription.Subscription;
import io.callwire.subscription.service.ActiveSubscription;
import io.callwire.subscription.service.RoutedEvent;
import io.callwire.subscription.service.SubscriberConnection;
import io.callwire.subscription.service.SubscriberSession;
import io.vertx.core.Context;

/**
 * One Socket.IO socket on the main namespace and the Axialys stream it carries: who it is for
 * (after {@code init}), the running counter {@code cpt}, and the recent updates kept for connection
 * state recovery. It outlives its Engine.IO session for {@code recoveryWindow} after a transport
 * failure, still counting and buffering, so that a client coming back with its {@code pid} and last
 * offset receives what it missed in order.
 *
 * <p>After {@code init} it is a {@link SubscriberConnection} of the {@code RoutingService}, like a
 * {@code /rte} connection: the same routing index, permission rules, revocation and per-user limit;
 * it subscribes itself to every event its caller may see (see {@link SocketIoServer}).
 */
final class StreamSession implements SubscriberConnection {

    /** The first argument of {@code init}. */
    enum Kind {
        API("api"), SUPERVISOR("supervisor"), AGENT("agent");

        final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        static Optional<Kind> of(String wire) {
            for (Kind kind : values()) {
                if (kind.wire.equals(wire)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    private record Sent(long cpt, long at, String packet) {
    }

    private final String socketId;
    private final String pid;
    private final int bufferSize;
    private final long windowNanos;

    private final UUID connectionId = UUID.randomUUID();
    private final SocketIoServer server;
    private EngineSession engine;
    private long disconnectedAt;
    private volatile Caller caller;
    private volatile Kind kind;
    private volatile String remoteAddress;
    private volatile Instant connectedAt;
    private volatile Context context;
    private volatile SubscriberSession session;
    private UUID lastEventId;
    private long cpt;
    private final ArrayDeque<Sent> recent = new ArrayDeque<>();
    private boolean ended;

    StreamSession(String socketId, String pid, EngineSession engine, int bufferSize, long windowNanos, SocketIoServer server) {
        this.server = server;
        this.socketId = socketId;
        this.pid = pid;
        this.engine = engine;
        this.bufferSize = bufferSize;
        this.windowNanos = windowNanos;
    }

    String socketId() {
        return socketId;
    }

    String pid() {
        return pid;
    }

    Kind kind() {
        return kind;
    }

    synchronized EngineSession engine() {
        return engine;
    }

    /** Whether {@code init} succeeded: the stream is registered with the routing. */
    boolean initialized() {
        return session != null;
    }

    /** The first successful {@code init}: who the stream is for, and where its routing work runs. */
    void authorize(Caller newCaller, Kind newKind, String address, Context loop) {
        this.caller = newCaller;
        this.kind = newKind;
        this.remoteAddress = address;
        this.connectedAt = Instant.now();
        this.context = loop;
    }

    /** A later {@code init} of the same subject with a fresh session token (refresh): the stream goes on. */
    void refresh(Caller newCaller) {
        this.caller = newCaller;
    }

    void attach(SubscriberSession routed) {
        this.session = routed;
    }

    SubscriberSession session() {
        return session;
    }

    // ---- SubscriberConnection

    @Override
    public UUID connectionId() {
        return connectionId;
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public List<Subscription> subscriptions() {
        SubscriberSession routed = session;
        return routed == null ? List.of() : routed.active();
    }

    /**
     * One update per event: an event matching two of the stream's subscriptions (all entities and
     * the caller's own User entity) reaches it twice in a row on its loop, and is sent once.
     */
    @Override
    public boolean deliver(ActiveSubscription subscription, RoutedEvent routed) {
        if (routed.snapshot()) {
            return false;
        }
        var event = routed.event();
        synchronized (this) {
            if (event.id().equals(lastEventId)) {
                return true;
            }
            lastEventId = event.id();
        }
        deliver(routed.encoded(SocketIoServer.NOTIFICATION), event.timestamp().getEpochSecond(), System.nanoTime());
        return true;
    }

    /** A grant was removed or narrowed: the stream simply stops receiving those events. */
    @Override
    public void revoked(List<Subscription> lost) {
    }

    @Override
    public void close(CloseCause cause) {
        server.closeFromRouting(this, cause);
    }

    /**
     * Numbers one notification, keeps it for recovery and hands it to the transport (if connected):
     * {@code 42["update",{"ts","elapse","event","cpt"},"<cpt>"]}. The trailing offset is what a
     * Socket.IO 4.6+ client sends back to recover; clients that ignore it see only the update.
     */
    synchronized void deliver(String notification, long eventEpochSecond, long now) {
        if (ended) {
            return;
        }
        long ts = System.currentTimeMillis() / 1000;
        long n = ++cpt;
        String packet = "42[\"update\",{\"ts\":" + ts + ",\"elapse\":" + Math.max(0, ts - eventEpochSecond)
                + ",\"event\":" + notification + ",\"cpt\":" + n + "},\"" + n + "\"]";
        recent.add(new Sent(n, now, packet));
        while (recent.size() > bufferSize || now - recent.peekFirst().at() > windowNanos) {
            recent.pollFirst();
        }
        if (engine != null) {
            // under the stream's lock (stream, then engine: the only order the two are taken in) so
            // that updates reach the transport in cpt order
            engine.send(packet);
        }
    }

    /** The transport dropped: keep counting and buffering until the client comes back or the window ends. */
    synchronized void disconnected(long now) {
        engine = null;
        disconnectedAt = now;
    }

    /**
     * A client came back with this stream's {@code pid} and the last offset it saw: when nothing it
     * missed has left the buffer, the stream moves to the new Engine.IO session, which receives the
     * CONNECT answer and then the missed updates in order. False: not recoverable.
     */
    synchronized boolean resume(EngineSession newEngine, String offset, long now) {
        if (ended || engine != null || now - disconnectedAt > windowNanos) {
            return false;
        }
        long last;
        try {
            last = Long.parseLong(offset);
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
        if (last > cpt || last < cpt && (recent.isEmpty() || recent.peekFirst().cpt() > last + 1)) {
            return false;
        }
        engine = newEngine;
        newEngine.attach(this);
        newEngine.send(SocketIoPacket.connect(socketId, pid));
        for (Sent sent : recent) {
            if (sent.cpt() > last) {
                newEngine.send(sent.packet());
            }
        }
        return true;
    }

    /** Whether a disconnected stream's recovery window is over. */
    synchronized boolean abandoned(long now) {
        return engine == null && now - disconnectedAt > windowNanos;
    }

    /** Ends the stream for good (refused, revoked, expired, disconnected by the client or abandoned). */
    synchronized EngineSession end() {
        ended = true;
        recent.clear();
        EngineSession was = engine;
        engine = null;
        return was;
    }

    synchronized boolean ended() {
        return ended;
    }
}
