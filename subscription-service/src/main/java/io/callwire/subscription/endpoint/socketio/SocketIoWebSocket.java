package io.callwire.subscription.endpoint.socketio;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

/**
 * The WebSocket transport of Engine.IO v4 at {@code /socket.io/} (websockets-next): without
 * {@code sid} a WebSocket-only session, answered with the {@code open} packet; with the {@code sid}
 * of a long-polling session, the upgrade ({@code 2probe}/{@code 3probe}, then {@code 5}).
 * {@link SocketIoUpgradeCheck} refuses bad requests with HTTP 400 before the upgrade. Inbound
 * processing is {@code CONCURRENT} for the reason {@link io.callwire.subscription.endpoint.RteEndpoint}
 * gives (no queue per connection; the non-blocking callbacks still run in arrival order).
 */
@WebSocket(path = "/socket.io", endpointId = SocketIoWebSocket.ID, inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class SocketIoWebSocket {

    static final String ID = "socket.io";
    /** The client address, put by {@link SocketIoUpgradeCheck} while the HTTP request is at hand. */
    static final UserData.TypedKey<String> ADDRESS = UserData.TypedKey.forString("socketio.address");
    private static final UserData.TypedKey<EngineSession> ENGINE = new UserData.TypedKey<>("socketio.engine");
    private static final UserData.TypedKey<WebSocketTransport> TRANSPORT = new UserData.TypedKey<>("socketio.transport");

    private final SocketIoServer server;

    public SocketIoWebSocket(SocketIoServer server) {
        this.server = server;
    }

    @OnOpen
    @NonBlocking
    public void open(WebSocketConnection connection) {
        WebSocketTransport transport = new WebSocketTransport(connection);
        connection.userData().put(TRANSPORT, transport);
        String sid = query(connection.handshakeRequest().query()).get("sid");
        if (sid == null) {
            EngineSession engine = server.open(connection.userData().get(ADDRESS), transport);
            connection.userData().put(ENGINE, engine);
            transport.send(server.openPacket(engine, false), Integer.MAX_VALUE);
            return;
        }
        EngineSession engine = server.engine(sid).orElse(null);
        if (engine == null || !engine.offerProbe(transport)) {
            transport.close(1008, EngineIoCodec.Error.UNKNOWN_SID.message);
            return;
        }
        connection.userData().put(ENGINE, engine);
    }

    @OnTextMessage
    @NonBlocking
    public void message(WebSocketConnection connection, String frame) {
        EngineSession engine = connection.userData().get(ENGINE);
        WebSocketTransport transport = connection.userData().get(TRANSPORT);
        if (engine == null || transport == null) {
            return;
        }
        if (frame.length() > server.config().maxPayload()) {
            engine.close(EngineSession.CloseReason.PAYLOAD_TOO_LARGE);
            return;
        }
        engine.receiveFrame(transport, frame);
    }

    @OnBinaryMessage
    @NonBlocking
    public void binary(WebSocketConnection connection, Buffer frame) {
        EngineSession engine = connection.userData().get(ENGINE);
        if (engine != null) {
            engine.close(EngineSession.CloseReason.PARSE_ERROR); // Callwire's stream is text only
        }
    }

    @OnClose
    @NonBlocking
    public void closed(WebSocketConnection connection) {
        EngineSession engine = connection.userData().get(ENGINE);
        WebSocketTransport transport = connection.userData().get(TRANSPORT);
        if (engine != null && transport != null) {
            engine.webSocketClosed(transport);
        }
    }

    static Map<String, String> query(String query) {
        Map<String, String> parameters = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }
}
