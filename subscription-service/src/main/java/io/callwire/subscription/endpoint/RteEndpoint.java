package io.callwire.subscription.endpoint;

import org.jboss.logging.Logger;

import io.callwire.subscription.endpoint.RteHub.UpgradeData;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The SignalR hub at {@code /rte} as a websockets-next endpoint. The upgrade was checked by
 * {@link RteUpgradeCheck}; text frames (JavaScript client) and binary frames (Java client) carry the
 * same records; the protocol itself is {@link HubConnection}'s. Everything stays on the event loop.
 * <p>
 * Inbound processing is {@code CONCURRENT}: the default ({@code SERIAL}) gives every connection a
 * queue of its own to hold callbacks back until the previous one completed, about 2 KB per idle
 * connection. Our callbacks are non-blocking and complete before they return, and websockets-next
 * runs each one as a task on the connection's event loop in the order the frames (and the open and
 * the close) arrived, so they run one after another, in that order, without it. The hub's
 * invocations keep their order in {@link io.callwire.subscription.service.SubscriberSession}.
 */
@WebSocket(path = RteEndpoint.PATH, endpointId = RteEndpoint.ID, inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class RteEndpoint {

    /** Path of the hub. */
    public static final String PATH = "/rte";
    static final String ID = "callwire-rte";

    private static final Logger LOG = Logger.getLogger(RteEndpoint.class);
    private static final UserData.TypedKey<HubConnection> CONNECTION = new UserData.TypedKey<>("callwire.rte.connection");

    private final RteHub hub;

    public RteEndpoint(RteHub hub) {
        this.hub = hub;
    }

    @OnOpen
    @NonBlocking
    void onOpen(WebSocketConnection socket) {
        // read once: the upgrade's data (and the request headers Vert.x keeps) are not kept for the connection's life
        UpgradeData upgrade = socket.userData().remove(UpgradeData.KEY);
        UpgradeFootprint.forgetHeaders(upgrade.headers());
        // the event loop's base context, not the duplicate of this callback: deliveries are grouped per loop
        Context context = VertxContext.getRootContext(Vertx.currentContext());
        HubConnection connection;
        if (upgrade.resume() != null) {
            connection = upgrade.resume();
            connection.context().runOnContext(v -> connection.resume(socket, upgrade.channel()));
        } else {
            connection = hub.open(socket, upgrade, context);
        }
        socket.userData().put(CONNECTION, connection);
    }

    @OnTextMessage
    @NonBlocking
    void onText(WebSocketConnection socket, Buffer message) {
        received(socket, message);
    }

    @OnBinaryMessage
    @NonBlocking
    void onBinary(WebSocketConnection socket, Buffer message) {
        received(socket, message);
    }

    @OnClose
    @NonBlocking
    void onClose(WebSocketConnection socket) {
        HubConnection connection = socket.userData().get(CONNECTION);
        if (connection != null) {
            CloseReason reason = socket.closeReason();
            // anything but a normal close (Vert.x reports a socket that just went away as 1005, no
            // status): its network dropped, a stateful client will be back. Clients that stop send a
            // SignalR Close first, which ends the connection before the socket goes.
            boolean dropped = reason == null || reason.getCode() != CloseReason.NORMAL.getCode();
            LOG.debugf("connection %s: socket closed (%s)", connection.connectionId(), reason);
            onLoop(connection, () -> connection.onSocketClosed(socket, dropped));
        }
    }

    @OnError
    @NonBlocking
    void onError(WebSocketConnection socket, Throwable error) {
        HubConnection connection = socket.userData().get(CONNECTION);
        String message = String.valueOf(error.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (connection != null && (message.contains("max message size") || message.contains("frame length"))) {
            // a message past the socket's own limit (Vert.x dropped it): say so in SignalR's words
            onLoop(connection, () -> connection.closeWithError(connection.tooLarge(), false));
        } else {
            // a socket that went away without a close frame is reported here before @OnClose
            LOG.debugf("connection %s: %s", socket.id(), error.toString());
        }
    }

    private static void received(WebSocketConnection socket, Buffer message) {
        HubConnection connection = socket.userData().get(CONNECTION);
        if (connection != null) {
            byte[] bytes = message.getBytes();
            onLoop(connection, () -> connection.onMessage(bytes));
        }
    }

    /** Runs on the connection's loop: a resumed connection's new socket may live on another one. */
    private static void onLoop(HubConnection connection, Runnable action) {
        if (connection.onItsLoop()) {
            action.run();
        } else {
            connection.context().runOnContext(v -> action.run());
        }
    }
}
