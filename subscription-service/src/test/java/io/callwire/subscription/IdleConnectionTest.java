package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.management.ObjectName;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.RawHubClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * What an open {@code /rte} connection keeps on the server for its life. websockets-next keeps
 * each connection's upgrade request; the caller's bearer token must not stay in it (a heap dump
 * of a replica with 10,000 connections would otherwise hold 10,000 live tokens, and each copy
 * costs about 1.5 KB per idle connection). Nor may the HTTP request's routing context, its
 * response, its trace span or the headers the handshake does not need, and no connection gets a
 * compressor of its own: an operator sizes a replica by what an idle connection costs.
 */
@QuarkusTest
class IdleConnectionTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    OpenConnections connections;

    @Test
    void anOpenConnectionKeepsNoBearerTokenAndStillReceivesEvents() {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        String token = Api.admin(organization);
        try (RawHubClient client = RawHubClient.connected(base, token)) {
            client.invoke("Subscribe", (Object) List.of(Map.of("EntityId", queue.toString(), "EventName", "QueueStatus")));
            Collection<WebSocketConnection> open = connections.findByEndpointId("callwire-rte");
            assertThat(open).as("open /rte connections").isNotEmpty();
            for (WebSocketConnection connection : open) {
                assertThat(connection.handshakeRequest().header("Authorization")).as("Authorization kept by " + connection.id()).isNull();
                assertThat(connection.handshakeRequest().headers().values().toString()).doesNotContain(token);
            }
            // the token was read before it was dropped: the connection is the caller's and works
            Events.Event event = Events.queueStatus(organization, queue, 4);
            Events.publish(event);
            assertThat(client.nextMessage().path("data").path("id").asText()).isEqualTo(event.id().toString());
        }
    }

    @Test
    void anIdleConnectionKeepsNoRoutingContextRequestOrPendingTimer() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        int count = 40;
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tokens.add(Api.admin(organization)); // one user each: the per-user limit is small in tests
        }
        Map<String, Long> before = liveInstances();
        List<RawHubClient> clients = new ArrayList<>();
        try {
            for (String token : tokens) {
                RawHubClient client = RawHubClient.connected(base, token);
                clients.add(client);
                client.invoke("Subscribe", (Object) List.of(Map.of("EntityId", queue.toString(), "EventName", "QueueStatus")));
            }
            Map<String, Long> after = liveInstances();
            // per connection, the server-side classes an idle connection has no use for (the clients in
            // this JVM are java.net.http ones, which create none of them)
            for (String kept : List.of("io.vertx.ext.web.impl.RoutingContextImpl", "io.vertx.core.http.impl.Http1xServerRequest",
                    "io.vertx.core.http.impl.Http1xServerResponse", "io.opentelemetry.sdk.trace.SdkSpan",
                    "io.vertx.core.impl.VertxImpl$InternalTimerHandler", "io.quarkus.websockets.next.runtime.ConcurrencyLimiter")) {
                long grown = after.getOrDefault(kept, 0L) - before.getOrDefault(kept, 0L);
                assertThat(grown).as("live %s after opening %d idle connections", kept, count).isLessThan(count / 4);
            }
            // still the caller's connections: they receive what they subscribed to
            Events.Event event = Events.queueStatus(organization, queue, 2);
            Events.publish(event);
            for (RawHubClient client : clients) {
                assertThat(client.nextMessage().path("data").path("id").asText()).isEqualTo(event.id().toString());
            }
        } finally {
            clients.forEach(RawHubClient::close);
        }
    }

    @Test
    void anOpenConnectionKeepsOnlyTheHeadersOfTheHandshake() {
        UUID organization = UUID.randomUUID();
        String token = Api.admin(organization);
        String cookie = "session=" + "c".repeat(2_000);
        try (RawHubClient client = RawHubClient.open(base.resolve("/rte"), Map.of("Authorization", "Bearer " + token,
                "Cookie", cookie, "User-Agent", "Mozilla/5.0 (a browser)", "Accept-Language", "fr-FR,fr;q=0.9"))) {
            client.handshake();
            assertThat(client.invoke("AvailableSubscriptions").path("result").size()).isPositive();
            Collection<WebSocketConnection> open = connections.findByEndpointId("callwire-rte");
            assertThat(open).isNotEmpty();
            for (WebSocketConnection connection : open) {
                assertThat(connection.handshakeRequest().headers().keySet()).as("headers kept by " + connection.id())
                        .allMatch(name -> name.startsWith("sec-websocket-") || List.of("host", "upgrade", "connection").contains(name));
            }
        }
    }

    @Test
    void perMessageDeflateIsNotNegotiatedEvenWhenTheClientAsksForIt() throws IOException {
        String token = Api.admin(UUID.randomUUID());
        // as every browser asks; java.net.http cannot send the header, so the upgrade is written by hand
        String request = "GET /rte HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n";
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String head = readHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 101");
            assertThat(head.toLowerCase(Locale.ROOT)).doesNotContain("sec-websocket-extensions");
        }
    }

    /** The response head (status line and headers), read up to the blank line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Live instances per class in this JVM, after a full collection (what {@code jcmd GC.class_histogram} prints). */
    private static Map<String, Long> liveInstances() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, Long> instances = new HashMap<>();
        for (String line : histogram.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            // "  1:  1234  56789  java.lang.String (java.base@25)"
            if (columns.length >= 4 && columns[0].endsWith(":")) {
                instances.merge(columns[3], Long.parseLong(columns[1]), Long::sum);
            }
        }
        return instances;
    }
}
