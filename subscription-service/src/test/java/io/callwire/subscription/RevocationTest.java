package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.contract.messaging.Addresses;
import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Revocations from auth-service, received on the real broker, close sessions and refuse old tokens. */
@QuarkusTest
class RevocationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    private static void revoke(String subject, UUID organization, String tokenId, String reason) {
        Map<String, Object> message = new java.util.HashMap<>();
        message.put("subject", subject);
        message.put("organizationId", organization.toString());
        message.put("tokenId", tokenId);
        message.put("reason", reason);
        message.put("revokedAt", Instant.now().toString());
        try {
            Events.send(Addresses.AUTH_REVOCATIONS, MAPPER.writeValueAsString(message));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void closesEverySessionOfARevokedSubjectAndRefusesItsOlderTokens() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String token = TestTokens.user(organization, user, Roles.AGENT).sign();
        try (RawHubClient first = RawHubClient.connected(base, token);
             RawHubClient second = RawHubClient.connected(base, TestTokens.user(organization, user, Roles.AGENT).sign())) {
            first.invoke("Subscribe", (Object) List.of(Map.of("EntityId", user.toString(), "EventName", "UserStatus")));
            revoke(user.toString(), organization, null, "user-disabled");
            for (RawHubClient client : List.of(first, second)) {
                JsonNode close = client.nextClose();
                assertThat(close).as("Close").isNotNull();
                assertThat(close.path("error").asText()).isEqualTo("Token revoked");
                assertThat(close.path("allowReconnect").asBoolean(true)).isFalse();
                assertThat(client.closed().get(10, TimeUnit.SECONDS)).isNotNull();
            }
        }
        assertThat(RawHubClient.upgradeStatus(base.resolve("/rte"), Map.of("Authorization", "Bearer " + token)))
                .isEqualTo(401);
        // a token issued after the revocation (a re-enabled user logging in again) is accepted
        String fresh = TestTokens.user(organization, user, Roles.AGENT).issuedAt(Instant.now().plusSeconds(2)).sign();
        assertThat(RawHubClient.upgradeStatus(base.resolve("/rte"), Map.of("Authorization", "Bearer " + fresh)))
                .isEqualTo(101);
    }

    @Test
    void revokingOneTokenClosesOnlyItsSession() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String revokedId = UUID.randomUUID().toString();
        String revoked = TestTokens.user(organization, user, Roles.AGENT).tokenId(revokedId).sign();
        try (RawHubClient closing = RawHubClient.connected(base, revoked);
             RawHubClient staying = RawHubClient.connected(base, TestTokens.user(organization, user, Roles.AGENT).sign())) {
            revoke(user.toString(), organization, revokedId, "token-revoked");
            assertThat(closing.nextClose().path("error").asText()).isEqualTo("Token revoked");
            assertThat(closing.closed().get(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(staying.invoke("UnsubscribeAll").path("result").asBoolean()).isTrue();
        }
        assertThat(RawHubClient.upgradeStatus(base.resolve("/rte"), Map.of("Authorization", "Bearer " + revoked)))
                .isEqualTo(401);
    }
}
