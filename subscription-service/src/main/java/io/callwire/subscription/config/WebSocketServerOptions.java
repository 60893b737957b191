package io.callwire.subscription.config;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Caps WebSocket frames at twice the largest SignalR message: records are checked against
 * {@code callwire.rte.max-message-size} by the hub (which answers with a SignalR Close), and a
 * single frame far beyond that is refused by Vert.x before it is buffered.
 */
@ApplicationScoped
public class WebSocketServerOptions implements HttpServerOptionsCustomizer {

    private final RteConfig config;

    public WebSocketServerOptions(RteConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        int limit = Math.max(config.maxMessageSize() * 2, 1024);
        options.setMaxWebSocketFrameSize(limit).setMaxWebSocketMessageSize(limit);
    }
}
