package io.callwire.subscription.service;

import java.util.UUID;

import io.callwire.subscription.Caller;

/**
 * One connection admitted under the per-user limit, as the deployment-wide sessions table records
 * it from its reservation (before the WebSocket upgrade) to its close.
 *
 * @param id            the row: a fresh id per admission (a client may reuse a connection id)
 * @param caller        who connects
 * @param protocol      the face: {@link #SIGNALR} or {@link #SOCKET_IO}
 * @param connectionId  the connection's id as the sessions view shows it
 * @param remoteAddress the client address
 */
public record Admission(UUID id, Caller caller, String protocol, UUID connectionId, String remoteAddress) {

    /** The SignalR hub at {@code /rte}. */
    public static final String SIGNALR = "signalr";
    /** The Socket.IO stream at {@code /socket.io/}. */
    public static final String SOCKET_IO = "socket.io";

    /** An admission with a fresh row id. */
    public static Admission of(Caller caller, String protocol, UUID connectionId, String remoteAddress) {
        return new Admission(UUID.randomUUID(), caller, protocol, connectionId, remoteAddress);
    }
}
