package io.callwire.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/**
 * The ceiling of the fan-out scenario: a bare Vert.x WebSocket server speaking just enough SignalR
 * JSON for the same clients (handshake, a Subscribe completion) and writing each event, encoded once
 * as the same {@code MessageReceived} record, to the sockets that asked for its entity. No tokens, no
 * permissions, no broker, no database: what the machine can do with one process writing frames.
 * Events arrive as text frames on {@code /publish}. Runs as its own process:
 * {@code java -cp benchmarks.jar io.callwire.bench.CeilingServer <port>}.
 */
public final class CeilingServer {

    private static final byte[] ENTITY_ID = "\"EntityId\":\"".getBytes(StandardCharsets.UTF_8);
    private static final Buffer HANDSHAKE = Buffer.buffer("{}\u001e");

    private final Map<String, List<ServerWebSocket>> byEntity = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        CeilingServer ceiling = new CeilingServer();
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setMaxWebSocketFrameSize(1 << 20))
                .webSocketHandler(ceiling::accept)
                .requestHandler(request -> request.response().end("ok"))
                .listen().toCompletionStage().toCompletableFuture().get();
        System.out.println("ceiling server listening on 127.0.0.1:" + port);
        Thread.currentThread().join();
    }

    private void accept(ServerWebSocket socket) {
        if (socket.path().equals("/publish")) {
            socket.handler(this::publish);
            return;
        }
        socket.handler(frame -> {
            if (Frames.indexOf(frame, "\"protocol\"".getBytes(StandardCharsets.UTF_8), 0) >= 0) {
                socket.write(HANDSHAKE);
            }
            int from = 0;
            StringBuilder results = new StringBuilder();
            while (true) {
                int at = Frames.indexOf(frame, ENTITY_ID, from);
                if (at < 0) {
                    break;
                }
                String entity = Frames.stringField(frame, "EntityId", at);
                byEntity.computeIfAbsent(entity, k -> new CopyOnWriteArrayList<>()).add(socket);
                results.append(results.isEmpty() ? "" : ",").append("{\"entityId\":\"").append(entity).append("\"}");
                from = at + ENTITY_ID.length;
            }
            if (from > 0) {
                socket.writeTextMessage("{\"type\":3,\"invocationId\":\"s\",\"result\":[" + results + "]}\u001e");
                socket.closeHandler(v -> byEntity.values().forEach(list -> list.remove(socket)));
            }
        });
    }

    /** Encode once, write the same buffer to every socket of the entity. */
    private void publish(Buffer event) {
        String entity = Frames.stringField(event, "EntityId", 0);
        List<ServerWebSocket> sockets = entity == null ? null : byEntity.get(entity);
        if (sockets == null) {
            return;
        }
        byte[] record = Buffer.buffer(event.length() + 128)
                .appendString("{\"type\":1,\"target\":\"MessageReceived\",\"arguments\":[{\"subscription\":{\"entityId\":\"")
                .appendString(entity).appendString("\",\"eventName\":\"QueueStatus\"},\"data\":")
                .appendBuffer(event).appendString("}]}\u001e").getBytes();
        // the same way subscription-service writes a record: one array, wrapped per socket, a text frame
        for (ServerWebSocket socket : sockets) {
            socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(record), true));
        }
    }
}
