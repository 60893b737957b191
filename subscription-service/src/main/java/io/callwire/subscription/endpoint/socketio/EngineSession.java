package io.callwire.subscription.endpoint.socketio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

/**
 * One Engine.IO v4 session: the transport in use (HTTP long-polling, then perhaps WebSocket after
 * the probe/upgrade exchange, or WebSocket from the start), the packets waiting for the next poll,
 * and the heartbeat. Transport-level packets are handled here; {@code message} packets go to the
 * {@link SocketIoServer}, always outside this object's lock so that a stream delivering to this
 * session and this session dispatching to a stream never hold both locks in opposite orders.
 */
final class EngineSession {

    private static final Logger LOG = Logger.getLogger(EngineSession.class);

    /** Why a session ended; Socket.IO's reasons, which decide whether the stream may be recovered. */
    enum CloseReason {
        TRANSPORT_CLOSE("transport close", true),
        TRANSPORT_ERROR("transport error", true),
        PING_TIMEOUT("ping timeout", true),
        SLOW_CONSUMER("slow consumer", true),
        PARSE_ERROR("parse error", false),
        PAYLOAD_TOO_LARGE("payload too large", false),
        FORCED("forced close", false),
        SERVER_SHUTDOWN("server shutting down", true);

        final String text;
        /** Whether the stream stays recoverable (Socket.IO recovers after transport failures only). */
        final boolean recoverable;

        CloseReason(String text, boolean recoverable) {
            this.text = text;
            this.recoverable = recoverable;
        }
    }

    private final String sid;
    private final String address;
    private final SocketIoServer server;
    private final int maxBuffered;

    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private PollResponder pendingPoll;
    private WebSocketTransport socket;
    private WebSocketTransport probe;
    private boolean awaitingPong;
    private long pingSentAt;
    private boolean closed;
    private StreamSession stream;

    EngineSession(String sid, String address, SocketIoServer server, int maxBuffered, WebSocketTransport socket) {
        this.sid = sid;
        this.address = address;
        this.server = server;
        this.maxBuffered = maxBuffered;
        this.socket = socket;
    }

    String sid() {
        return sid;
    }

    /** The client address of the handshake, for the {@code ip} claim of session tokens. */
    String address() {
        return address;
    }

    synchronized StreamSession stream() {
        return stream;
    }

    synchronized void attach(StreamSession attached) {
        this.stream = attached;
    }

    synchronized void detach(StreamSession detached) {
        if (stream == detached) {
            stream = null;
        }
    }

    synchronized boolean isWebSocket() {
        return socket != null;
    }

    /** Queues or writes one packet; a client that lets too many pile up is closed as a slow consumer. */
    void send(String packet) {
        boolean slow;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (socket != null) {
                slow = !socket.send(packet, maxBuffered);
            } else {
                outbox.add(packet);
                slow = outbox.size() > maxBuffered;
                if (!slow) {
                    flushPoll();
                }
            }
        }
        if (slow) {
            close(CloseReason.SLOW_CONSUMER);
        }
    }

    /** A long-polling GET: answered at once when packets wait, else held until one arrives or a ping is due. */
    void poll(PollResponder responder) {
        PollResponder previous;
        synchronized (this) {
            if (closed || socket != null) {
                responder.respond(400, EngineIoCodec.Error.BAD_REQUEST.body());
                return;
            }
            previous = pendingPoll;
            if (previous == null) {
                pendingPoll = responder;
                flushPoll();
                return;
            }
        }
        // two concurrent polls break the protocol: the reference server closes the session
        responder.respond(400, EngineIoCodec.Error.BAD_REQUEST.body());
        close(CloseReason.PARSE_ERROR);
    }

    /** The long-polling request went away before it was answered. */
    synchronized void pollGone(PollResponder responder) {
        if (pendingPoll == responder) {
            pendingPoll = null;
        }
    }

    /** A long-polling POST: its packets; false when one is not a valid client packet (the session is closed). */
    boolean receive(String payload) {
        List<String> messages = new ArrayList<>();
        boolean close = false;
        boolean valid = true;
        synchronized (this) {
            if (closed) {
                return false;
            }
            for (String packet : EngineIoCodec.split(payload)) {
                if (packet.isEmpty()) {
                    valid = false;
                    break;
                }
                switch (packet.charAt(0)) {
                    case EngineIoCodec.PONG -> awaitingPong = false;
                    case EngineIoCodec.MESSAGE -> messages.add(packet.substring(1));
                    case EngineIoCodec.CLOSE -> close = true;
                    case EngineIoCodec.NOOP -> { }
                    default -> valid = false;
                }
                if (!valid || close) {
                    break;
                }
            }
        }
        dispatch(messages);
        if (!valid) {
            close(CloseReason.PARSE_ERROR);
        } else if (close) {
            close(CloseReason.TRANSPORT_CLOSE);
        }
        return valid;
    }

    /** A WebSocket asks to take over this polling session ({@code ?sid=}); it must send {@code 2probe} then {@code 5}. */
    synchronized boolean offerProbe(WebSocketTransport candidate) {
        if (closed || socket != null || probe != null) {
            return false;
        }
        probe = candidate;
        return true;
    }

    /** A text frame from one of this session's WebSockets. */
    void receiveFrame(WebSocketTransport from, String frame) {
        String message = null;
        CloseReason close = null;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (from == probe) {
                if (frame.equals(EngineIoCodec.PING + EngineIoCodec.PROBE)) {
                    probe.send(EngineIoCodec.PONG + EngineIoCodec.PROBE, maxBuffered);
                    if (pendingPoll != null) {
                        // the client paused polling: end the pending GET so that it can upgrade
                        PollResponder poll = pendingPoll;
                        pendingPoll = null;
                        poll.respond(200, EngineIoCodec.NOOP_PACKET);
                    }
                } else if (frame.equals(String.valueOf(EngineIoCodec.UPGRADE))) {
                    socket = probe;
                    probe = null;
                    while (!outbox.isEmpty()) {
                        socket.send(outbox.poll(), Integer.MAX_VALUE);
                    }
                    LOG.debugf("engine session %s upgraded to websocket", sid);
                } else {
                    probe.close(1002, "unexpected packet during upgrade");
                    probe = null;
                }
                return;
            }
            if (from != socket || frame.isEmpty()) {
                close = frame.isEmpty() ? CloseReason.PARSE_ERROR : null;
            } else {
                switch (frame.charAt(0)) {
                    case EngineIoCodec.PONG -> awaitingPong = false;
                    case EngineIoCodec.MESSAGE -> message = frame.substring(1);
                    case EngineIoCodec.CLOSE -> close = CloseReason.TRANSPORT_CLOSE;
                    case EngineIoCodec.NOOP -> { }
                    default -> close = CloseReason.PARSE_ERROR;
                }
            }
        }
        if (message != null) {
            dispatch(List.of(message));
        }
        if (close != null) {
            close(close);
        }
    }

    /** One of this session's WebSockets closed. */
    void webSocketClosed(WebSocketTransport which) {
        synchronized (this) {
            if (which == probe) {
                probe = null;
                return;
            }
            if (which != socket) {
                return;
            }
        }
        close(CloseReason.TRANSPORT_CLOSE);
    }

    /**
     * Called every {@code pingInterval}: closes a session whose last ping went unanswered for
     * {@code pingTimeout}, else pings it.
     */
    void heartbeat(long now, long pingTimeoutNanos) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!awaitingPong || now - pingSentAt <= pingTimeoutNanos) {
                if (!awaitingPong) {
                    awaitingPong = true;
                    pingSentAt = now;
                }
                if (socket != null) {
                    socket.send(EngineIoCodec.PING_PACKET, Integer.MAX_VALUE);
                } else {
                    outbox.add(EngineIoCodec.PING_PACKET);
                    flushPoll();
                }
                return;
            }
        }
        close(CloseReason.PING_TIMEOUT);
    }

    /** Ends the session: the pending poll gets a {@code close} packet, the WebSockets are closed. */
    void close(CloseReason reason) {
        StreamSession closing;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (pendingPoll != null) {
                PollResponder poll = pendingPoll;
                pendingPoll = null;
                poll.respond(200, EngineIoCodec.CLOSE_PACKET);
            }
            int code = reason == CloseReason.PAYLOAD_TOO_LARGE ? 1009 : reason == CloseReason.PARSE_ERROR ? 1002 : 1000;
            if (socket != null) {
                socket.close(code, reason.text);
            }
            if (probe != null) {
                probe.close(code, reason.text);
            }
            outbox.clear();
            closing = stream;
            stream = null;
        }
        LOG.debugf("engine session %s closed: %s", sid, reason.text);
        server.engineClosed(this, closing, reason);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private void dispatch(List<String> messages) {
        for (String message : messages) {
            server.onMessage(this, message);
        }
    }

    /** Answers the pending poll with every queued packet (called with the lock held). */
    private void flushPoll() {
        if (pendingPoll == null || outbox.isEmpty()) {
            return;
        }
        PollResponder poll = pendingPoll;
        pendingPoll = null;
        String body = EngineIoCodec.join(outbox);
        outbox.clear();
        poll.respond(200, body);
    }
}
