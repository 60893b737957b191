package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.callwire.subscription.service.DemoSeed;

/**
 * The local demo data ({@link DemoSeed}, switched on in the local and dev profiles) lets
 * {@code supervisor@demo.test} subscribe to the demo queues and agents at once. Run here through the
 * bean on the test database: the test profile does not switch it on.
 */
@QuarkusTest
class DemoGrantsTest {

    private static final UUID ORGANIZATION = UUID.fromString("6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f");
    private static final UUID SUPERVISOR = UUID.fromString("6f0d3c1e-0001-4000-8000-000000000002");
    private static final UUID QUEUE_SUPPORT = UUID.fromString("6f0d3c1e-0002-4000-8000-000000000002");
    private static final UUID AGENT_1 = UUID.fromString("6f0d3c1e-0001-4000-8000-000000000011");

    @TestHTTPResource("/")
    URI base;

    @Inject
    DemoSeed seed;

    @Test
    void theDemoSupervisorMaySubscribeToTheDemoQueuesAndAgents() {
        // twice: a restart of the local run applies it again
        seed.seed().await().atMost(Duration.ofSeconds(10));
        seed.seed().await().atMost(Duration.ofSeconds(10));
        String supervisor = TestTokens.user(ORGANIZATION, SUPERVISOR, Roles.SUPERVISOR).sign();
        try (RawHubClient client = RawHubClient.connected(base, supervisor)) {
            JsonNode results = client.invoke("Subscribe", (Object) List.of(
                    Map.of("EntityId", QUEUE_SUPPORT.toString(), "EventName", "QueueStatus"),
                    Map.of("EntityId", AGENT_1.toString(), "EventName", "UserStatus"))).path("result");
            assertThat(results).allMatch(r -> r.path("subscribed").asBoolean(), "subscribed: " + results);
        }
        String agent = TestTokens.user(ORGANIZATION, UUID.randomUUID(), Roles.AGENT).sign();
        try (RawHubClient client = RawHubClient.connected(base, agent)) {
            JsonNode results = client.invoke("Subscribe", (Object) List.of(
                    Map.of("EntityId", QUEUE_SUPPORT.toString(), "EventName", "QueueStatus"))).path("result");
            assertThat(results.get(0).path("message").asText()).as("only the supervisor").isEqualTo("Unauthorized");
        }
    }
}
