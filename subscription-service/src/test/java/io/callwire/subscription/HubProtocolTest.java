package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The SignalR JSON hub protocol as a client speaking it by hand over text frames sees it. */
@QuarkusTest
class HubProtocolTest {

    @TestHTTPResource("/")
    URI base;

    private static String agentToken() {
        return TestTokens.user(UUID.randomUUID(), UUID.randomUUID(), Roles.AGENT).sign();
    }

    @Test
    void answersTheJsonHandshakeWithAnEmptyObjectAndListsTheCatalogEvents() {
        try (RawHubClient client = RawHubClient.connected(base, agentToken())) {
            JsonNode completion = client.invoke("AvailableSubscriptions");
            List<String> names = new java.util.ArrayList<>();
            completion.path("result").forEach(n -> names.add(n.asText()));
            assertThat(names).containsExactlyElementsOf(EventCatalog.standard().eventNames());
            assertThat(names).contains("UserStatus", "QueueStatus", "CallbackChanged");
            assertThat(completion.has("error")).isFalse();
        }
    }

    @Test
    void acceptsTheDocumentsAvailableSubscriptionsCallWithAnArgument() {
        try (RawHubClient client = RawHubClient.connected(base, agentToken())) {
            JsonNode completion = client.invoke("AvailableSubscriptions",
                    (Object) List.of(Map.of("EntityId", UUID.randomUUID().toString(), "EventName", "UserStatus")));
            assertThat(completion.path("result").size()).isEqualTo(EventCatalog.standard().eventNames().size());
        }
    }

    @Test
    void refusesAnUnsupportedProtocolWithAnErrorAndCloses() throws Exception {
        try (RawHubClient client = RawHubClient.connect(base, agentToken())) {
            client.sendRecord("{\"protocol\":\"messagepack\",\"version\":1}");
            JsonNode answer = client.next(r -> true);
            assertThat(answer.path("error").asText()).contains("messagepack").contains("not available");
            assertThat(client.closed().get(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void closesAConnectionThatNeverSendsTheHandshake() throws Exception {
        try (RawHubClient client = RawHubClient.connect(base, agentToken())) {
            JsonNode close = client.nextClose();
            assertThat(close).isNotNull();
            assertThat(close.path("error").asText()).isEqualTo("Handshake was not received in time");
            assertThat(client.closed().get(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void closesWithAnErrorOnMalformedJson() throws Exception {
        try (RawHubClient client = RawHubClient.connected(base, agentToken())) {
            client.sendRecord("{\"type\":1,\"target\":");
            JsonNode close = client.nextClose();
            assertThat(close.path("error").asText()).isEqualTo("Message is not valid JSON");
            assertThat(close.path("allowReconnect").asBoolean(true)).isFalse();
            assertThat(client.closed().get(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void answersAnUnknownMethodWithACompletionError() {
        try (RawHubClient client = RawHubClient.connected(base, agentToken())) {
            JsonNode completion = client.invoke("SubscribeEverything", List.of());
            // ASP.NET Core's words for a method the hub does not have
            assertThat(completion.path("error").asText()).isEqualTo(
                    "Failed to invoke 'SubscribeEverything' due to an error on the server. HubException: Method does not exist.");
            assertThat(completion.has("result")).isFalse();
            // the connection stays usable
            assertThat(client.invoke("UnsubscribeAll").path("result").asBoolean()).isTrue();
        }
    }

    @Test
    void answersWrongArgumentTypesWithACompletionError() {
        try (RawHubClient client = RawHubClient.connected(base, agentToken())) {
            assertThat(client.invoke("Subscribe", "UserStatus").path("error").asText())
                    .startsWith("Failed to invoke 'Subscribe'");
            assertThat(client.invoke("Subscribe").path("error").asText()).startsWith("Failed to invoke 'Subscribe'");
            assertThat(client.invoke("Unsubscribe", (Object) List.of(42)).path("error").asText())
                    .startsWith("Failed to invoke 'Unsubscribe'");
        }
    }

    @Test
    void sendsNoCompletionForAnInvocationWithoutId() {
        try (RawHubClient client = RawHubClient.connected(base, agentToken())) {
            client.sendRecord("{\"type\":1,\"target\":\"UnsubscribeAll\",\"arguments\":[]}");
            client.sendRecord("{\"type\":1,\"target\":\"NoSuchMethod\",\"arguments\":[]}");
            JsonNode next = client.invoke("ActiveSubscriptions");
            assertThat(next.path("result").isArray()).isTrue();
            assertThat(client.received()).noneMatch(r -> r.contains("UnsubscribeAll") || r.contains("NoSuchMethod"))
                    .filteredOn(r -> r.contains("\"type\":3")).hasSize(1);
        }
    }

    @Test
    void handlesSeveralRecordsInOneFrameAndARecordSplitAcrossFrames() {
        try (RawHubClient client = RawHubClient.connect(base, agentToken())) {
            client.sendText("{\"protocol\":\"json\",\"version\":1}\u001e{\"type\":1,\"invocationId\":\"a\",\"target\":\"UnsubscribeAll\",\"arguments\":[]}\u001e{\"type\":1,\"invocationId\":\"b\",\"target\":\"Active");
            client.sendText("Subscriptions\",\"arguments\":[]}\u001e");
            assertThat(client.next(r -> true).size()).isZero();
            assertThat(client.completion("a").path("result").asBoolean()).isTrue();
            assertThat(client.completion("b").path("result").size()).isZero();
        }
    }

    @Test
    void closesWithAClearErrorWhenAMessageIsTooLarge() throws Exception {
        try (RawHubClient client = RawHubClient.connected(base, agentToken())) {
            String huge = "x".repeat(20_000);
            client.sendRecord("{\"type\":1,\"invocationId\":\"1\",\"target\":\"Subscribe\",\"arguments\":[[{\"EventName\":\"" + huge + "\"}]]}");
            JsonNode close = client.nextClose();
            assertThat(close.path("error").asText()).isEqualTo("Message exceeds the maximum size of 16384 bytes");
            assertThat(client.closed().get(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void answersStreamingInvocationsWithAnErrorAndClosesOnUnsupportedTypes() throws Exception {
        try (RawHubClient client = RawHubClient.connected(base, agentToken())) {
            client.sendRecord("{\"type\":4,\"invocationId\":\"s1\",\"target\":\"Subscribe\",\"arguments\":[]}");
            assertThat(client.completion("s1").path("error").asText()).isEqualTo("Streaming hub methods are not supported");
            client.sendRecord("{\"type\":2,\"invocationId\":\"s1\",\"item\":1}");
            assertThat(client.nextClose().path("error").asText()).isEqualTo("Message type 2 is not supported");
            assertThat(client.closed().get(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void sendsPingsToIdleClients() {
        try (RawHubClient client = RawHubClient.connected(base, agentToken())) {
            assertThat(client.next(r -> r.path("type").asInt() == 6)).isNotNull();
        }
    }

    @Test
    void sendsNoPingsToAClientThatKeepsReceivingEvents() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        try (RawHubClient client = RawHubClient.connected(base, Api.admin(organization))) {
            client.invoke("Subscribe", (Object) List.of(Map.of("EntityId", queue.toString(), "EventName", "QueueStatus")));
            // the tests' ping interval is 1 s: an event every 100 ms for 4 s keeps the connection busy
            int events = 40;
            for (int i = 0; i < events; i++) {
                Events.publish(Events.queueStatus(organization, queue, i));
                Thread.sleep(100); // pacing the publisher, not waiting for a result
            }
            for (int i = 0; i < events; i++) {
                assertThat(client.nextMessage()).as("event %d", i).isNotNull();
            }
            List<String> received = client.received();
            int first = indexOf(received, "MessageReceived", 0);
            int last = received.size() - 1;
            while (!received.get(last).contains("MessageReceived")) {
                last--;
            }
            long pingsWhileBusy = received.subList(first, last).stream().filter(r -> r.startsWith("{\"type\":6}")).count();
            // a Ping every interval regardless would be 3 or 4 here; one is allowed for a stall of the machine
            assertThat(pingsWhileBusy).as("Pings between events in %s", received).isLessThanOrEqualTo(1);
            // once quiet, the keep-alive resumes
            assertThat(client.next(r -> r.path("type").asInt() == 6)).isNotNull();
        }
    }

    private static int indexOf(List<String> records, String text, int from) {
        for (int i = from; i < records.size(); i++) {
            if (records.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no record with " + text + " in " + records);
    }
}
