package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.RawSocketIoClient;
import io.callwire.support.security.RevocationRegistry;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The token matrix of {@link TokenMatrixTest}, at the Socket.IO stream: the session token travels in
 * the {@code init} event, and every token a verifier must refuse gets the protocol's own refusal
 * ({@code connect_error}, a {@code 44} packet) with a reason, never a stream.
 */
@QuarkusTest
class SocketIoTokenMatrixTest {

    private static final String INVALID = "44{\"message\":\"Session invalid, expired or revoked\"}";

    @TestHTTPResource("/")
    URI base;

    @Inject
    RevocationRegistry revocations;

    private String init(UUID user, String token) {
        try (RawSocketIoClient client = RawSocketIoClient.open(base)) {
            return client.init("agent", user.toString(), token);
        }
    }

    static List<Arguments> attacks() {
        return List.of(
                Arguments.of("expired", (Attack) (o, u) -> TestTokens.rte(o, u, Roles.AGENT).expired().sign()),
                Arguments.of("not yet valid", (Attack) (o, u) -> TestTokens.rte(o, u, Roles.AGENT).notYetValid().sign()),
                Arguments.of("tampered", (Attack) (o, u) -> TestTokens.rte(o, u, Roles.AGENT).tamperedWith(UUID.randomUUID())),
                Arguments.of("alg none", (Attack) (o, u) -> TestTokens.rte(o, u, Roles.AGENT).unsigned()),
                Arguments.of("HS256 with the public key", (Attack) (o, u) -> TestTokens.rte(o, u, Roles.AGENT).signHs256WithPublicKey()),
                Arguments.of("unknown kid", (Attack) (o, u) -> TestTokens.rte(o, u, Roles.AGENT).signWithUnknownKey()),
                Arguments.of("other issuer", (Attack) (o, u) -> TestTokens.rte(o, u, Roles.AGENT).otherIssuer().sign()),
                Arguments.of("rotated-out key", (Attack) (o, u) -> TestTokens.rte(o, u, Roles.AGENT).signWithRotatedOutKey()),
                Arguments.of("REST access token", (Attack) (o, u) -> TestTokens.access(o, u, Roles.AGENT).sign()),
                Arguments.of("client-credentials token", (Attack) (o, u) -> TestTokens.clientCredentials(o, u, "crm", Roles.INTEGRATION).sign()),
                Arguments.of("refresh token", (Attack) (o, u) -> TestTokens.refreshAsBearer()),
                Arguments.of("not a JWT", (Attack) (o, u) -> "not-a-token"),
                Arguments.of("empty", (Attack) (o, u) -> ""),
                Arguments.of("8 KB of JWT-shaped garbage", (Attack) (o, u) -> "eyJ" + "A".repeat(4000) + "." + "B".repeat(4000) + ".c"));
    }

    /** Makes an attack token for a user of an organization. */
    interface Attack extends BiFunction<UUID, UUID, String> {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void everyAttackTokenGetsConnectErrorAtInit(String attack, Attack token) {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        assertThat(init(user, token.apply(organization, user))).as(attack).isEqualTo(INVALID);
    }

    @Test
    void theRightTokenOpensTheStreamAndOnlyForItsOwnSubject() {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String token = TestTokens.rte(organization, user, Roles.AGENT).sign();
        assertThat(init(user, token)).startsWith("431[{\"status\":\"ok\"");
        assertThat(init(UUID.randomUUID(), token)).isEqualTo("44{\"message\":\"Target does not match the session\"}");
    }

    @Test
    void aTokenBoundToAnotherAddressIsRefusedWithItsReason() {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        assertThat(init(user, TestTokens.rte(organization, user, Roles.AGENT).boundTo(TestTokens.OTHER_IP).sign()))
                .isEqualTo("44{\"message\":\"Session bound to another address\"}");
    }

    @Test
    void aRevokedUsersTokenIsRefused() {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String token = TestTokens.rte(organization, user, Roles.AGENT).issuedAt(Instant.now().minusSeconds(10)).sign();
        revocations.record(new RevocationMessage(user.toString(), organization, null,
                RevocationMessage.REASON_USER_DISABLED, Instant.now()));
        assertThat(init(user, token)).isEqualTo(INVALID);
    }

    @Test
    void aTokenBeyondTheMaximumPayloadClosesTheSessionWithoutAStream() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        try (RawSocketIoClient client = RawSocketIoClient.open(base)) {
            client.send("40");
            client.send("42[\"init\",\"agent\",\"" + user + "\",\"" + "A".repeat(100_000) + "\"]");
            assertThat(client.closed().get(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
            assertThat(client.frames()).noneMatch(frame -> frame.startsWith("431"));
        }
        // and the next client is served
        assertThat(init(user, TestTokens.rte(organization, user, Roles.AGENT).sign())).startsWith("431[{\"status\":\"ok\"");
    }
}
