package io.callwire.subscription.endpoint.socketio;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.subscription.endpoint.UpgradeFootprint;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/**
 * Refuses, with HTTP 400 before the upgrade (as the reference server does), WebSocket requests to
 * {@code /socket.io/} with another {@code EIO} than 4, another transport than {@code websocket}, or
 * the {@code sid} of a session this replica does not know; keeps the client address for the
 * {@code ip} check of {@code init}.
 */
@ApplicationScoped
public class SocketIoUpgradeCheck implements HttpUpgradeCheck {

    private final SocketIoServer server;

    public SocketIoUpgradeCheck(SocketIoServer server) {
        this.server = server;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return SocketIoWebSocket.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        Map<String, String> query = SocketIoWebSocket.query(context.httpRequest().query());
        if (!EngineIoCodec.VERSION.equals(query.get("EIO")) || !EngineIoCodec.WEBSOCKET.equals(query.get("transport"))) {
            return CheckResult.rejectUpgrade(400);
        }
        String sid = query.get("sid");
        if (sid != null && server.engine(sid).map(engine -> engine.isWebSocket() || engine.isClosed()).orElse(true)) {
            return CheckResult.rejectUpgrade(400);
        }
        context.userData().put(SocketIoWebSocket.ADDRESS, server.clientAddress().of(context.httpRequest()));
        // the address is read: the request keeps only what the handshake needs (websockets-next keeps its headers)
        UpgradeFootprint.trimHeaders(context.httpRequest());
        return CheckResult.permitUpgrade();
    }
}
