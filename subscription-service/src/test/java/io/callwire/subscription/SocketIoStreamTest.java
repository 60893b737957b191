package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.contract.messaging.Addresses;
import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.SocketIoNodeClient;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Axialys-style stream at {@code /socket.io/}, driven by the real npm {@code socket.io-client}
 * 4.8.4 over HTTP long-polling, over WebSocket, and with the upgrade from one to the other.
 */
@QuarkusTest
class SocketIoStreamTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    private static List<String> transports(String mode) {
        return switch (mode) {
            case "polling" -> List.of("polling");
            case "websocket" -> List.of("websocket");
            default -> List.of("polling", "websocket");
        };
    }

    private static boolean isCall(JsonNode update) {
        return update.path("event").path("type_notification").asText().equals("operator");
    }

    private static Events.Event allocated(UUID organization, UUID user) {
        return Events.event(organization, "UserCallInUserAllocated", "User", user, Instant.now(), -1)
                .with("CallerNumber", "+33611111111").with("CallId", UUID.randomUUID().toString())
                .with("TargetNumber", "+33100000000").with("UserId", user.toString()).with("OrganizationId", organization.toString());
    }

    private static Events.Event availability(UUID organization, UUID user, String availability) {
        return Events.event(organization, "UserAvailability", "User", user, Instant.now(), -1)
                .with("Availability", availability).with("UserId", user.toString()).with("OrganizationId", organization.toString());
    }

    /** Takes one snapshot of the updates: a second read could hold one more that arrived in between. */
    private static void assertCountersRunFromOne(List<JsonNode> updates) {
        assertThat(updates.stream().map(update -> update.path("cpt").asLong()).toList()).isEqualTo(oneTo(updates.size()));
    }

    private static List<Long> oneTo(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> (long) i).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "upgrade"})
    void aSupervisorStreamReceivesEveryEventMappedAsTheTableSaysWithContiguousCpt(String mode) {
        UUID organization = UUID.randomUUID();
        UUID supervisor = UUID.randomUUID();
        UUID agent = UUID.randomUUID();
        UUID queue = UUID.randomUUID();
        String session = TestTokens.rte(organization, supervisor, Roles.ORG_ADMIN).boundTo("127.0.0.1").sign();
        try (SocketIoNodeClient client = SocketIoNodeClient.start()) {
            client.connect(base.toString(), transports(mode), "supervisor", supervisor.toString(), session);
            JsonNode connected = client.await("connect");
            assertThat(connected.path("recovered").asBoolean()).isFalse();
            if (mode.equals("upgrade")) {
                assertThat(client.await("upgrade").path("transport").asText()).isEqualTo("websocket");
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                // init is asynchronous (token check): publish until the stream is routed
                Events.publish(availability(organization, agent, "Available"));
                assertThat(client.updates()).isNotEmpty();
            });
            Events.Event call = allocated(organization, agent);
            Events.publish(Events.queueStatus(UUID.randomUUID(), queue, 9)); // another organization's
            Events.publish(call);
            Events.publish(availability(organization, agent, "BRB"));
            Events.publish(Events.queueStatus(organization, queue, 4));
            await().atMost(Duration.ofSeconds(20)).until(() -> client.updates().stream()
                    .anyMatch(update -> update.path("event").path("event").asText().equals("QueueStatus")));

            List<JsonNode> updates = client.updates();
            assertCountersRunFromOne(updates);
            List<String> names = updates.stream().map(update -> update.path("event").path("event").asText()).toList();
            int ringingAt = names.indexOf("status");
            assertThat(names.subList(ringingAt, names.size())).containsExactly("status", "pause", "QueueStatus");
            JsonNode ringing = updates.get(ringingAt).path("event");
            assertThat(ringing.path("type_notification").asText()).isEqualTo("operator");
            assertThat(ringing.path("event").asText()).isEqualTo("status");
            assertThat(ringing.path("msg").path("status").asText()).isEqualTo("ringing");
            assertThat(ringing.path("msg").path("id_operator").asText()).isEqualTo(agent.toString());
            assertThat(ringing.path("msg").path("id_call").asText()).isEqualTo(call.json().path("CallId").asText());
            assertThat(ringing.path("msg").path("caller_id_num").asText()).isEqualTo("+33611111111");
            assertThat(ringing.path("msg").path("id_client").asText()).isEqualTo(organization.toString());
            JsonNode pause = updates.get(ringingAt + 1).path("event");
            assertThat(pause.path("type_notification").asText()).isEqualTo("UI");
            assertThat(pause.path("event").asText()).isEqualTo("pause");
            assertThat(pause.path("msg").path("supp").asText()).isEqualTo("BRB");
            JsonNode snapshot = updates.get(ringingAt + 2).path("event");
            assertThat(snapshot.path("type_notification").asText()).isEqualTo("callwire");
            assertThat(snapshot.path("event").asText()).isEqualTo("QueueStatus");
            assertThat(snapshot.path("msg").path("nbrOfQueuingRequesters").asInt()).isEqualTo(4);
            for (JsonNode update : updates) {
                assertThat(update.path("ts").asLong()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(30L));
                assertThat(update.path("elapse").asLong()).isBetween(0L, 30L);
            }
            assertThat(client.received().toString()).doesNotContain("\"nbrOfQueuingRequesters\":9");
            if (!mode.equals("polling")) {
                assertThat(client.of("update").getLast().path("transport").asText()).isEqualTo("websocket");
            }
        }
    }

    @Test
    void anAgentStreamSeesOnlyItsOwnActivity() {
        UUID organization = UUID.randomUUID();
        UUID agent = UUID.randomUUID();
        UUID colleague = UUID.randomUUID();
        String session = TestTokens.rte(organization, agent, Roles.AGENT).sign();
        try (SocketIoNodeClient client = SocketIoNodeClient.start()) {
            client.connect(base.toString(), List.of("websocket"), "agent", agent.toString(), session);
            client.await("connect");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Events.publish(availability(organization, agent, "Available"));
                assertThat(client.updates()).isNotEmpty();
            });
            Events.publish(allocated(organization, colleague));
            Events.publish(Events.queueStatus(organization, UUID.randomUUID(), 1));
            Events.publish(allocated(organization, agent));
            // wait for the call itself (an "operator" update), not for a count of updates: availabilities
            // published by the loop above may still arrive, and the call may arrive before a count is read
            await().atMost(Duration.ofSeconds(20)).until(() -> client.updates().stream().anyMatch(SocketIoStreamTest::isCall));
            JsonNode last = client.updates().stream().filter(SocketIoStreamTest::isCall).reduce((first, second) -> second).orElseThrow();
            assertThat(last.path("event").path("msg").path("id_operator").asText()).isEqualTo(agent.toString());
            assertThat(client.received().toString()).doesNotContain(colleague.toString()).doesNotContain("QueueStatus");
            assertCountersRunFromOne(client.updates());
        }
    }

    @Test
    void aSupervisorSeesWhatItIsGrantedAndANewGrantAddsToTheLiveStream() {
        UUID organization = UUID.randomUUID();
        UUID supervisor = UUID.randomUUID();
        UUID granted = Api.entity(organization, "Queue");
        UUID other = Api.entity(organization, "Queue");
        UUID later = Api.entity(organization, "Queue");
        Api.grant(organization, "user", supervisor.toString(), "Queue", granted, "QueueStatus");
        String session = TestTokens.rte(organization, supervisor, Roles.SUPERVISOR).sign();
        try (SocketIoNodeClient client = SocketIoNodeClient.start()) {
            client.connect(base.toString(), List.of("polling", "websocket"), "supervisor", supervisor.toString(), session);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Events.publish(Events.queueStatus(organization, granted, 1));
                assertThat(client.updates()).isNotEmpty();
            });
            Events.publish(Events.queueStatus(organization, other, 7));
            Events.publish(Events.queueStatus(organization, granted, 2));
            await().atMost(Duration.ofSeconds(10)).until(() -> client.updates().stream()
                    .anyMatch(update -> update.path("event").path("msg").path("nbrOfQueuingRequesters").asInt() == 2));
            assertThat(client.received().toString()).doesNotContain(other.toString());

            Api.grant(organization, "user", supervisor.toString(), "Queue", later, "QueueStatus");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Events.publish(Events.queueStatus(organization, later, 5));
                assertThat(client.received().toString()).contains(later.toString());
            });
            assertCountersRunFromOne(client.updates());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void initIsRefusedForExpiredOtherAddressWrongTargetRestAndRevokedSessions(String mode) {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        Map<String, String> refusals = Map.of(
                TestTokens.rte(organization, user, Roles.SUPERVISOR).expired().sign(), "Session invalid, expired or revoked",
                TestTokens.rte(organization, user, Roles.SUPERVISOR).boundTo("203.0.113.9").sign(), "Session bound to another address",
                TestTokens.rte(organization, UUID.randomUUID(), Roles.SUPERVISOR).sign(), "Target does not match the session",
                TestTokens.access(organization, user, Roles.SUPERVISOR).sign(), "Session invalid, expired or revoked",
                "not-a-session", "Session invalid, expired or revoked");
        refusals.forEach((session, reason) -> {
            try (SocketIoNodeClient client = SocketIoNodeClient.start()) {
                client.connect(base.toString(), transports(mode), "supervisor", user.toString(), session);
                assertThat(client.await("connect_error").path("message").asText()).isEqualTo(reason);
                assertThat(client.updates()).isEmpty();
            }
        });

        String tokenId = UUID.randomUUID().toString();
        String revoked = TestTokens.rte(organization, user, Roles.ORG_ADMIN).tokenId(tokenId).sign();
        try (SocketIoNodeClient client = SocketIoNodeClient.start()) {
            client.connect(base.toString(), transports(mode), "api", organization.toString(), revoked);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Events.publish(availability(organization, user, "Away"));
                assertThat(client.updates()).isNotEmpty();
            });
            revoke(user.toString(), organization, tokenId);
            assertThat(client.await("connect_error").path("message").asText()).isEqualTo("Session revoked");
        }
        try (SocketIoNodeClient again = SocketIoNodeClient.start()) {
            again.connect(base.toString(), transports(mode), "api", organization.toString(), revoked);
            assertThat(again.await("connect_error").path("message").asText()).isEqualTo("Session invalid, expired or revoked");
        }
    }

    @Test
    void aRefreshBeforeExpiryKeepsTheStreamAndWithoutOneItEnds() {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (SocketIoNodeClient refreshing = SocketIoNodeClient.start(); SocketIoNodeClient lapsing = SocketIoNodeClient.start()) {
            refreshing.connect(base.toString(), List.of("websocket"), "supervisor", user.toString(),
                    TestTokens.rte(organization, user, Roles.ORG_ADMIN).lifetime(Duration.ofSeconds(4)).sign());
            lapsing.connect(base.toString(), List.of("polling"), "supervisor", user.toString(),
                    TestTokens.rte(organization, user, Roles.ORG_ADMIN).lifetime(Duration.ofSeconds(4)).sign());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Events.publish(availability(organization, user, "Available"));
                assertThat(refreshing.updates()).isNotEmpty();
                assertThat(lapsing.updates()).isNotEmpty();
            });
            refreshing.init("supervisor", user.toString(), TestTokens.rte(organization, user, Roles.ORG_ADMIN).sign());

            assertThat(lapsing.await("connect_error").path("message").asText()).isEqualTo("Session expired");
            Events.publish(availability(organization, user, "BRB"));
            await().atMost(Duration.ofSeconds(20)).until(() -> refreshing.updates().stream()
                    .anyMatch(update -> update.path("event").path("event").asText().equals("pause")));
            assertThat(refreshing.of("connect_error")).isEmpty();
            assertCountersRunFromOne(refreshing.updates());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void aClientBackAfterADroppedTransportRecoversTheMissedEventsInOrder(String mode) {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String session = TestTokens.rte(organization, user, Roles.ORG_ADMIN).sign();
        try (SocketIoNodeClient client = SocketIoNodeClient.start()) {
            client.connect(base.toString(), transports(mode), "api", organization.toString(), session);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Events.publish(availability(organization, user, "Available"));
                assertThat(client.updates()).isNotEmpty();
            });
            client.drop();
            client.await("disconnect");
            Events.publish(availability(organization, user, "BRB"));
            Events.publish(allocated(organization, user));
            Events.publish(availability(organization, user, "Away"));

            JsonNode reconnected = client.await("connect", 2);
            assertThat(reconnected.path("recovered").asBoolean()).isTrue();
            Events.publish(availability(organization, user, "OffWork"));
            await().atMost(Duration.ofSeconds(20)).until(() -> client.updates().stream()
                    .anyMatch(update -> update.path("event").path("event").asText().equals("logout")));
            List<JsonNode> updates = client.updates();
            assertCountersRunFromOne(updates);
            assertThat(updates.subList(updates.size() - 4, updates.size()))
                    .extracting(update -> update.path("event").path("event").asText())
                    .containsExactly("pause", "status", "pause", "logout");
        }
    }

    private static void revoke(String subject, UUID organization, String tokenId) {
        Map<String, Object> message = new java.util.HashMap<>();
        message.put("subject", subject);
        message.put("organizationId", organization.toString());
        message.put("tokenId", tokenId);
        message.put("reason", "token-revoked");
        message.put("revokedAt", Instant.now().toString());
        try {
            Events.send(Addresses.AUTH_REVOCATIONS, MAPPER.writeValueAsString(message));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
