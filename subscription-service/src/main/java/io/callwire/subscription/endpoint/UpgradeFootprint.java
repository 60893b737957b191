package io.callwire.subscription.endpoint;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Keeps what websockets-next holds of a WebSocket's upgrade request, for the connection's life,
 * down to what the connection needs (both faces: {@code /rte} and {@code /socket.io/}).
 * <ul>
 * <li>The HTTP security layer puts a deferred identity on every request. websockets-next sees it and
 *   keeps the whole routing context for the connection's life, in case an endpoint reads the
 *   identity later. That is the request and its response, the query parameters, the request's
 *   trace span and the captured contexts: about 6.4 KB per idle connection. Our endpoints
 *   authenticate in their upgrade checks and never read that identity, so an upgrade request
 *   loses it before websockets-next looks.</li>
 * <li>Vert.x keeps the request's headers with the socket, and websockets-next a copy of them. After
 *   the upgrade check, {@link #trimHeaders} drops every header the WebSocket handshake does not read:
 *   a browser's cookies, user agent and languages, often a kilobyte or more. Once the socket is open,
 *   {@link #forgetHeaders} empties the socket's map; only websockets-next's copy of the few handshake
 *   headers is left.</li>
 * </ul>
 */
@ApplicationScoped
public class UpgradeFootprint {

    /**
     * After the authentication (200) and permission (100) filters, which use the deferred identity,
     * and before the routes (websockets-next's endpoints among them).
     */
    static final int PRIORITY = 1;

    /** The request headers the WebSocket handshake reads (Vert.x and Netty); anything else can go. */
    private static final Set<String> HANDSHAKE = Set.of("host", "upgrade", "connection", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions");

    private static final List<String> PATHS = List.of(RteEndpoint.PATH, "/socket.io", "/socket.io/");

    void dropDeferredIdentity(@Observes Filters filters) {
        filters.register(UpgradeFootprint::dropDeferredIdentity, PRIORITY);
    }

    private static void dropDeferredIdentity(RoutingContext ctx) {
        if (isUpgrade(ctx.request()) && PATHS.contains(ctx.normalizedPath())) {
            ctx.remove(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        }
        ctx.next();
    }

    /** Drops the headers the handshake does not need. Call once the upgrade check has read what it needs. */
    public static void trimHeaders(HttpServerRequest request) {
        MultiMap headers = request.headers();
        List<String> names = headers.names().stream()
                .filter(name -> !HANDSHAKE.contains(name.toLowerCase(Locale.ROOT))).toList();
        names.forEach(headers::remove);
    }

    /** Empties the header map Vert.x keeps with an open socket (the handshake is done). */
    static void forgetHeaders(MultiMap headers) {
        if (headers != null) {
            headers.clear();
        }
    }

    private static boolean isUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }
}
