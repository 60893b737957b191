package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The races and protocol gaps a read of the first hub found, each seen from a client: invocation
 * order, events after the end of their subscription, simultaneous connects over the per-user
 * limit, CancelInvocation, oversized frames and dictionary keys inside events.
 */
@QuarkusTest
class HubRacesTest {

    @TestHTTPResource("/")
    URI base;

    private static String subscribe(UUID queue, String invocationId) {
        return "{\"type\":1,\"invocationId\":\"" + invocationId + "\",\"target\":\"Subscribe\",\"arguments\":[[{\"EntityId\":\""
                + queue + "\",\"EventName\":\"QueueStatus\"}]]}\u001e";
    }

    @Test
    void runsAConnectionsInvocationsOneAtATimeInArrivalOrder() {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        try (RawHubClient client = RawHubClient.connected(base, Api.admin(organization))) {
            for (int round = 0; round < 5; round++) {
                // sent without waiting, in one frame: Subscribe needs the database, UnsubscribeAll does not
                client.sendText(subscribe(queue, "s" + round)
                        + "{\"type\":1,\"invocationId\":\"u" + round + "\",\"target\":\"UnsubscribeAll\",\"arguments\":[]}\u001e");
                assertThat(client.completion("s" + round).path("result").path(0).path("subscribed").asBoolean()).isTrue();
                assertThat(client.completion("u" + round).path("result").asBoolean()).isTrue();
                assertThat(client.invoke("ActiveSubscriptions").path("result")).as("round %d", round).isEmpty();
            }
            List<String> completions = client.received().stream().filter(r -> r.contains("\"type\":3")).toList();
            assertThat(completions.get(0)).contains("\"s0\"");
            assertThat(completions.get(1)).contains("\"u0\"");
        }
    }

    @Test
    void writesNoEventAfterTheUnsubscribeCompletion() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        try (RawHubClient client = RawHubClient.connected(base, Api.admin(organization))) {
            client.invoke("Subscribe", (Object) List.of(Map.of("EntityId", queue.toString(), "EventName", "QueueStatus")));
            ExecutorService publisher = Executors.newSingleThreadExecutor();
            try {
                Future<?> burst = publisher.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        Events.publish(Events.queueStatus(organization, queue, i));
                    }
                });
                assertThat(client.nextMessage()).as("events flowing").isNotNull();
                client.sendRecord("{\"type\":1,\"invocationId\":\"unsub\",\"target\":\"Unsubscribe\",\"arguments\":[[{\"EntityId\":\""
                        + queue + "\",\"EventName\":\"QueueStatus\"}]]}");
                assertThat(client.completion("unsub").path("result").path(0).path("subscribed").asBoolean()).isFalse();
                burst.get(30, TimeUnit.SECONDS);
                // the burst has been routed once a later invocation completes on the same loop
                client.invoke("ActiveSubscriptions");
            } finally {
                publisher.shutdownNow();
            }
            List<String> records = client.received();
            int completion = indexOf(records, "\"invocationId\":\"unsub\"");
            assertThat(records.subList(completion + 1, records.size()))
                    .as("records after the Unsubscribe completion").noneMatch(r -> r.contains("MessageReceived"));
        }
    }

    private static int indexOf(List<String> records, String text) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void simultaneousConnectsBeyondThePerUserLimitAreRefusedBeforeTheUpgrade() throws Exception {
        String token = TestTokens.user(UUID.randomUUID(), UUID.randomUUID(), Roles.AGENT).sign();
        int attempts = 12; // the test limit is 5
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        List<Future<Object>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < attempts; i++) {
                outcomes.add(pool.submit((Callable<Object>) () -> {
                    try {
                        return RawHubClient.connect(base, token);
                    } catch (RawHubClient.UpgradeRefused refused) {
                        return refused.status();
                    }
                }));
            }
            List<RawHubClient> open = new ArrayList<>();
            List<Integer> refused = new ArrayList<>();
            for (Future<Object> outcome : outcomes) {
                Object result = outcome.get(30, TimeUnit.SECONDS);
                if (result instanceof RawHubClient client) {
                    open.add(client);
                } else {
                    refused.add((Integer) result);
                }
            }
            try {
                assertThat(open).hasSize(5);
                assertThat(refused).hasSize(attempts - 5).containsOnly(429);
                // every accepted socket is a working connection, none is closed before its handshake
                for (RawHubClient client : open) {
                    client.handshake();
                    assertThat(client.invoke("UnsubscribeAll").path("result").asBoolean()).isTrue();
                }
            } finally {
                open.forEach(RawHubClient::close);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void toleratesCancelInvocationAsAspNetCoreDoes() {
        try (RawHubClient client = RawHubClient.connected(base, TestTokens.user(UUID.randomUUID(), UUID.randomUUID(), Roles.AGENT).sign())) {
            client.sendRecord("{\"type\":5,\"invocationId\":\"nothing-to-cancel\"}");
            assertThat(client.invoke("UnsubscribeAll").path("result").asBoolean()).isTrue();
            assertThat(client.received()).noneMatch(r -> r.contains("\"type\":7"));
        }
    }

    @Test
    void answersAFrameFarBeyondTheLimitWithASignalRClose() throws Exception {
        try (RawHubClient client = RawHubClient.connected(base, TestTokens.user(UUID.randomUUID(), UUID.randomUUID(), Roles.AGENT).sign())) {
            // 40,000 bytes: over the socket's frame limit (twice the 16 KiB record limit of the tests)
            client.sendText("{\"type\":1,\"target\":\"" + "x".repeat(40_000) + "\"}\u001e");
            JsonNode close = client.nextClose();
            assertThat(close).as("SignalR Close").isNotNull();
            assertThat(close.path("error").asText()).isEqualTo("Message exceeds the maximum size of 16384 bytes");
            assertThat(client.closed().get(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void keepsTheKeysOfDictionaryFieldsAsTheCoreSentThem() {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (RawHubClient client = RawHubClient.connected(base, TestTokens.user(organization, user, Roles.AGENT).sign())) {
            client.invoke("Subscribe", (Object) List.of(Map.of("EntityId", user.toString(), "EventName", "UserSetting")));
            Events.Event setting = Events.event(organization, "UserSetting", "User", user, java.time.Instant.now(), 60)
                    .with("UserId", user.toString()).with("OrganizationId", organization.toString())
                    .with("Keyword", "Ringtone").with("Value", "Bells").with("Deleted", false).with("Level", "User")
                    .with("Values", Map.of("Ringtone", "Bells", "VolumeLevel", "7"))
                    .with("AllowedValues", Map.of("Bells", "Church bells", "Beep", "Short beep"));
            Events.publish(setting);
            JsonNode data = client.nextMessage().path("data");
            assertThat(data.path("keyword").asText()).isEqualTo("Ringtone");
            assertThat(data.path("values").has("Ringtone")).as("values keys: %s", data.path("values")).isTrue();
            assertThat(data.path("values").has("VolumeLevel")).isTrue();
            assertThat(data.path("allowedValues").has("Bells")).as("allowedValues keys: %s", data.path("allowedValues")).isTrue();
            assertThat(data.path("allowedValues").has("bells")).isFalse();
        }
    }
}
