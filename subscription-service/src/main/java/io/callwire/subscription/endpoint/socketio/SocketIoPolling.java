package io.callwire.subscription.endpoint.socketio;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The HTTP long-polling transport of Engine.IO v4 at {@code /socket.io/} on the REST stack: a GET
 * without {@code sid} is the handshake (answered with the {@code open} packet), a GET with it waits
 * for packets (until one is queued or the next ping), a POST carries the client's packets. Errors
 * are the reference server's HTTP 400 bodies {@code {"code", "message"}}; a body beyond
 * {@code maxPayload} is 413 and ends the session. WebSocket upgrades of the same path are taken by
 * {@link SocketIoWebSocket} before they reach this resource.
 */
@Path("/socket.io")
@Tag(name = "Socket.IO (Axialys-style stream)")
public class SocketIoPolling {

    private static final String TEXT = "text/plain; charset=UTF-8";

    private final SocketIoServer server;

    public SocketIoPolling(SocketIoServer server) {
        this.server = server;
    }

    @GET
    @Operation(summary = "Engine.IO v4 long-polling: handshake (no sid) or poll (sid)")
    public Uni<Response> poll(@QueryParam("EIO") String eio, @QueryParam("transport") String transport,
                              @QueryParam("sid") String sid, HttpServerRequest request) {
        EngineIoCodec.Error invalid = invalid(eio, transport);
        if (invalid != null) {
            return Uni.createFrom().item(error(invalid));
        }
        if (sid == null) {
            EngineSession engine = server.open(server.clientAddress().of(request), null);
            return Uni.createFrom().item(text(200, server.openPacket(engine, true)));
        }
        Optional<EngineSession> engine = server.engine(sid);
        if (engine.isEmpty()) {
            return Uni.createFrom().item(error(EngineIoCodec.Error.UNKNOWN_SID));
        }
        return Uni.createFrom().emitter(emitter -> {
            PollResponder responder = (status, body) -> emitter.complete(text(status, body));
            emitter.onTermination(() -> engine.get().pollGone(responder));
            engine.get().poll(responder);
        });
    }

    @POST
    @NonBlocking
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Engine.IO v4 long-polling: the client's packets")
    public Response push(@QueryParam("EIO") String eio, @QueryParam("transport") String transport,
                         @QueryParam("sid") String sid, String body) {
        EngineIoCodec.Error invalid = invalid(eio, transport);
        if (invalid != null) {
            return error(invalid);
        }
        if (sid == null) {
            return error(EngineIoCodec.Error.BAD_HANDSHAKE_METHOD);
        }
        Optional<EngineSession> engine = server.engine(sid);
        if (engine.isEmpty()) {
            return error(EngineIoCodec.Error.UNKNOWN_SID);
        }
        String payload = body == null ? "" : body;
        if (payload.getBytes(StandardCharsets.UTF_8).length > server.config().maxPayload()) {
            engine.get().close(EngineSession.CloseReason.PAYLOAD_TOO_LARGE);
            return text(413, "payload too large");
        }
        if (engine.get().isWebSocket() || !engine.get().receive(payload)) {
            return error(EngineIoCodec.Error.BAD_REQUEST);
        }
        return text(200, "ok");
    }

    private static EngineIoCodec.Error invalid(String eio, String transport) {
        if (!EngineIoCodec.VERSION.equals(eio)) {
            return EngineIoCodec.Error.UNSUPPORTED_PROTOCOL_VERSION;
        }
        if (!EngineIoCodec.POLLING.equals(transport)) {
            return EngineIoCodec.Error.TRANSPORT_UNKNOWN;
        }
        return null;
    }

    private static Response error(EngineIoCodec.Error error) {
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(error.body()).build();
    }

    private static Response text(int status, String body) {
        return Response.status(status).type(TEXT).header("Cache-Control", "no-store").entity(body).build();
    }
}
