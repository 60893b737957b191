package io.callwire.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.contract.security.TokenClaims;

class TokenPolicyTest {

    private final RevocationRegistry registry = new RevocationRegistry(Duration.ofHours(3));
    private final TokenPolicy policy = new TokenPolicy(registry);
    private final UUID org = UUID.randomUUID();

    private Caller caller(String audience, String clientId, String sid, String ip) {
        return new Caller(UUID.randomUUID().toString(), org, "u@test", Set.of("org-admin"),
                TokenKind.of(Set.of(audience), clientId), Set.of(audience), UUID.randomUUID().toString(), sid,
                Instant.now().minusSeconds(5), Instant.now().plusSeconds(600), ip, clientId);
    }

    @Test
    void kindsAreKeptApartByAudience() {
        Caller rte = caller(TokenClaims.AUDIENCE_RTE, null, "s1", null);
        assertThat(rte.kind()).isEqualTo(TokenKind.RTE);
        assertThatThrownBy(() -> policy.admit(rte, TokenClaims.AUDIENCE_API, "127.0.0.1"))
                .isInstanceOfSatisfying(TokenRefusedException.class, e -> {
                    assertThat(e.slug()).isEqualTo(TokenRefusedException.WRONG_KIND);
                    assertThat(e.getMessage()).contains("RTE token").contains("callwire-api");
                });
        assertThat(policy.admit(rte, TokenClaims.AUDIENCE_RTE, "127.0.0.1")).isSameAs(rte);

        Caller client = caller(TokenClaims.AUDIENCE_API, "crm", null, null);
        assertThat(client.kind()).isEqualTo(TokenKind.CLIENT_CREDENTIALS);
        assertThat(policy.admit(client, TokenClaims.AUDIENCE_API, "127.0.0.1")).isSameAs(client);
        assertThatThrownBy(() -> policy.admit(client, TokenClaims.AUDIENCE_RTE, "127.0.0.1"))
                .hasMessageContaining("client-credentials token");
        assertThatThrownBy(() -> policy.admit(caller("callwire", null, null, null), TokenClaims.AUDIENCE_API, "127.0.0.1"))
                .hasMessageContaining("no Callwire audience");
    }

    @Test
    void aRevokedSessionRefusesEveryTokenMintedInIt() {
        Caller access = caller(TokenClaims.AUDIENCE_API, null, "session-1", null);
        Caller rte = caller(TokenClaims.AUDIENCE_RTE, null, "session-1", null);
        Caller otherSession = caller(TokenClaims.AUDIENCE_API, null, "session-2", null);
        registry.record(RevocationMessage.session(access.subject(), org, "session-1",
                RevocationMessage.REASON_REFRESH_REUSED, Instant.now()));
        assertThatThrownBy(() -> policy.admit(access, TokenClaims.AUDIENCE_API, null)).hasMessageContaining("revoked");
        assertThatThrownBy(() -> policy.admit(rte, TokenClaims.AUDIENCE_RTE, null)).hasMessageContaining("revoked");
        assertThat(policy.admit(otherSession, TokenClaims.AUDIENCE_API, null)).isSameAs(otherSession);
    }

    @Test
    void aRevokedSubjectRefusesItsOlderTokensOnly() {
        Caller old = caller(TokenClaims.AUDIENCE_API, null, "s", null);
        registry.record(new RevocationMessage(old.subject(), org, null, RevocationMessage.REASON_USER_DISABLED, Instant.now()));
        assertThat(registry.isRevoked(old)).isTrue();
        assertThat(registry.isRevoked(null, null, old.subject(), Instant.now().plusSeconds(2))).isFalse();
    }

    @Test
    void aBoundTokenIsAcceptedFromItsAddressOnly() {
        Caller bound = caller(TokenClaims.AUDIENCE_API, null, "s", "198.51.100.7");
        assertThat(policy.admit(bound, TokenClaims.AUDIENCE_API, "198.51.100.7")).isSameAs(bound);
        assertThatThrownBy(() -> policy.admit(bound, TokenClaims.AUDIENCE_API, "203.0.113.9"))
                .isInstanceOfSatisfying(TokenRefusedException.class,
                        e -> assertThat(e.slug()).isEqualTo(TokenRefusedException.OTHER_ADDRESS));
        assertThatThrownBy(() -> policy.admit(bound, TokenClaims.AUDIENCE_API, null)).hasMessageContaining("another client address");
    }
}
