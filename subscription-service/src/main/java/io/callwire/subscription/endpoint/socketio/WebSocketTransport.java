package io.callwire.subscription.endpoint.socketio;

import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * The WebSocket transport of one Engine.IO session: one text frame per packet. websockets-next
 * exposes no write queue, so the writes not yet completed are counted to find slow consumers.
 */
final class WebSocketTransport {

    private final WebSocketConnection connection;
    private final AtomicInteger inFlight = new AtomicInteger();

    WebSocketTransport(WebSocketConnection connection) {
        this.connection = connection;
    }

    /** Writes one packet; false when more than {@code limit} writes are still in flight (slow consumer). */
    boolean send(String packet, int limit) {
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            return false;
        }
        connection.sendText(packet).subscribe().with(done -> inFlight.decrementAndGet(), failed -> inFlight.decrementAndGet());
        return true;
    }

    void close(int code, String reason) {
        if (connection.isOpen()) {
            connection.close(new CloseReason(code, reason)).subscribe().with(done -> { }, failed -> { });
        }
    }

    WebSocketConnection connection() {
        return connection;
    }
}
