package io.callwire.subscription.endpoint.socketio;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.callwire.contract.event.EntityType;
import io.callwire.subscription.Caller;
import io.callwire.subscription.Grant;
import io.callwire.subscription.service.StreamPermissions;

/**
 * One Socket.IO socket on the main namespace and the Axialys stream it carries: who it is for
 * (after {@code init}), the running counter {@code cpt}, and the recent updates kept for connection
 * state recovery. It outlives its Engine.IO session for {@code recoveryWindow} after a transport
 * failure, still counting and buffering, so that a client coming back with its {@code pid} and last
 * offset receives what it missed in order.
 */
final class StreamSession {

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

    private EngineSession engine;
    private long disconnectedAt;
    private Caller caller;
    private Kind kind;
    private List<Grant> grants = List.of();
    private long cpt;
    private final ArrayDeque<Sent> recent = new ArrayDeque<>();
    private boolean ended;

    StreamSession(String socketId, String pid, EngineSession engine, int bufferSize, long windowNanos) {
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

    synchronized Caller caller() {
        return caller;
    }

    synchronized Kind kind() {
        return kind;
    }

    synchronized EngineSession engine() {
        return engine;
    }

    synchronized boolean initialized() {
        return caller != null;
    }

    /** After a successful {@code init} (or a new one with a refreshed session): the stream's rights. */
    synchronized void authorize(Caller newCaller, Kind newKind, List<Grant> newGrants) {
        this.caller = newCaller;
        this.kind = newKind;
        this.grants = List.copyOf(newGrants);
    }

    /** The organization's grants changed. */
    synchronized void regrant(List<Grant> newGrants) {
        this.grants = List.copyOf(newGrants);
    }

    /** Whether the stream may see this event: an agent its own User events, the others {@code /rte}'s rules. */
    synchronized boolean allows(UUID organizationId, EntityType entityType, UUID entityId, String eventName) {
        if (caller == null || ended) {
            return false;
        }
        if (kind == Kind.AGENT) {
            return entityType == EntityType.USER && caller.organizationId().equals(organizationId)
                    && caller.subjectId().map(entityId::equals).orElse(false);
        }
        return StreamPermissions.allows(caller, grants, organizationId, entityType, entityId, eventName);
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
