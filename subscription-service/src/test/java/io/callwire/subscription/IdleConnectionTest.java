package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
 * costs about 1.5 KB per idle connection).
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
}
