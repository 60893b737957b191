package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.NodeClient;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;

/**
 * Stateful reconnect as ASP.NET Core 8+ speaks it, seen by the Microsoft JavaScript client with
 * {@code withStatefulReconnect()}: its socket is dropped under it, events keep coming meanwhile, and
 * after the reconnect it has every event exactly once, on the same connection with the same
 * subscriptions. A reconnect that reaches a replica without the session fails cleanly.
 */
@QuarkusTest
class StatefulReconnectTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/rte")
    URI hub;

    @TestHTTPResource("/")
    URI base;

    @Test
    void theJavaScriptClientSurvivesADroppedSocketWithoutLosingOrRepeatingAnEvent() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        List<String> published = new ArrayList<>();
        try (NodeClient client = NodeClient.run("stateful-reconnect.mjs", hub.toString(), Api.admin(organization), queue.toString())) {
            String ready = client.next(l -> l.startsWith("READY") || l.startsWith("CLOSED") || l.startsWith("SUBSCRIBE"), WAIT);
            assertThat(ready).as("client output %s", client.output()).startsWith("READY");
            String connectionId = ready.substring("READY ".length());

            for (int i = 0; i < 5; i++) {
                published.add(publish(organization, queue, i));
            }
            assertThat(client.next(l -> l.equals("EVENT " + published.get(4)), WAIT)).as("live events, %s", client.output()).isNotNull();

            client.send("DROP");
            assertThat(client.next("DROPPED"::equals, WAIT)).isNotNull();
            // published while the client has no socket: the server keeps them for the reconnect
            for (int i = 5; i < 10; i++) {
                published.add(publish(organization, queue, i));
            }
            client.send("RESUME");
            assertThat(client.next(l -> l.equals("EVENT " + published.get(9)), WAIT))
                    .as("events after the reconnect, %s", client.output()).isNotNull();
            client.send("END");
            String active = client.next(l -> l.startsWith("ACTIVE") || l.startsWith("CLOSED"), WAIT);
            assertThat(active).as("same connection, same subscriptions: %s", client.output())
                    .isEqualTo("ACTIVE 1 " + connectionId);
            assertThat(client.next("STOPPED"::equals, WAIT)).isNotNull();

            List<String> events = client.output().stream().filter(l -> l.startsWith("EVENT ")).map(l -> l.substring(6)).toList();
            assertThat(events).as("every event once, in order").containsExactlyElementsOf(published);
            List<String> output = client.output();
            assertThat(output.subList(0, output.indexOf(active))).as("the connection never closed before END")
                    .noneMatch(l -> l.startsWith("CLOSED"));
        }
    }

    private static String publish(UUID organization, UUID queue, int queuing) {
        Events.Event event = Events.queueStatus(organization, queue, queuing);
        Events.publish(event);
        return event.id().toString();
    }

    @Test
    void negotiatesStatefulReconnectOnlyWhenTheClientAsks() {
        String token = TestTokens.user(UUID.randomUUID(), UUID.randomUUID(), Roles.AGENT).sign();
        given().auth().oauth2(token).post("/rte/negotiate?negotiateVersion=1&useStatefulReconnect=true").then()
                .statusCode(200).body("useStatefulReconnect", org.hamcrest.Matchers.is(true));
        given().auth().oauth2(token).post("/rte/negotiate?negotiateVersion=1").then()
                .statusCode(200).body("useStatefulReconnect", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aReconnectWithoutItsSessionOnThisReplicaFailsCleanly() throws Exception {
        String token = TestTokens.user(UUID.randomUUID(), UUID.randomUUID(), Roles.AGENT).sign();
        String connectionToken = given().auth().oauth2(token).post("/rte/negotiate?negotiateVersion=1&useStatefulReconnect=true")
                .then().statusCode(200).extract().path("connectionToken");
        URI uri = base.resolve("/rte?id=" + connectionToken);
        java.util.Map<String, String> auth = java.util.Map.of("Authorization", "Bearer " + token);
        // the client resumes (Sequence first, no handshake) on a replica that never had the session
        try (RawHubClient client = RawHubClient.open(uri, auth)) {
            client.sendRecord("{\"type\":9,\"sequenceId\":1}");
            assertThat(client.closed().get(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
            assertThat(client.received()).as("no handshake answer or hub message to a reconnecting client").isEmpty();
        }
        // its transport tries once more: refused, so the client stops and starts a new connection
        assertThat(RawHubClient.upgradeStatus(uri, auth)).isEqualTo(404);
    }
}
