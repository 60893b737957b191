package io.callwire.subscription.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Socket.IO stream at {@code /socket.io/} (Axialys-style clients) and its limits. */
@ConfigMapping(prefix = "callwire.socketio")
public interface SocketIoConfig {

    /** Engine.IO {@code pingInterval}: the server pings every client this often (Socket.IO's default 25 s). */
    @WithDefault("PT25S")
    Duration pingInterval();

    /** Engine.IO {@code pingTimeout}: a client that has not answered a ping within this time is closed. */
    @WithDefault("PT20S")
    Duration pingTimeout();

    /**
     * Engine.IO {@code maxPayload}: largest HTTP long-polling body and WebSocket message a client may
     * send, in bytes; beyond it the session is closed (HTTP 413 on polling).
     */
    @WithDefault("100000")
    int maxPayload();

    /**
     * Packets waiting for a client (unanswered long-polls, unacknowledged WebSocket writes) beyond which
     * it is a slow consumer and its transport is closed; it may then recover what it missed.
     */
    @WithDefault("1000")
    int maxBufferedPackets();

    /**
     * Connection state recovery: how long a stream whose transport dropped is kept (still counting
     * {@code cpt} and buffering its updates) for the client to come back with its {@code pid}.
     */
    @WithDefault("PT2M")
    Duration recoveryWindow();

    /** Connection state recovery: the most recent updates kept per stream for a client that comes back. */
    @WithDefault("1000")
    int recoveryBuffer();

    /** Most streams initialised with one session token ({@code id_session}) on this replica. */
    @WithDefault("5")
    int maxConnectionsPerSession();

    /** Most Engine.IO sessions that have not sent {@code init} yet on this replica (handshake flood guard). */
    @WithDefault("10000")
    int maxPendingSessions();
}
