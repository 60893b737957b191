package io.callwire.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.callwire.contract.security.TokenClaims;
import io.callwire.testing.ThrownExceptions;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;

class CallerTest {

    private final UUID org = UUID.randomUUID();
    private final String subject = UUID.randomUUID().toString();

    private JwtClaims claims(String audience) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("http://localhost:8081");
        claims.setAudience(audience);
        claims.setSubject(subject);
        claims.setClaim(TokenClaims.ORGANIZATION, org.toString());
        claims.setStringListClaim("groups", "org-admin", "supervisor");
        claims.setClaim("upn", "admin@demo.test");
        claims.setIssuedAt(NumericDate.fromSeconds(1_800_000_000L));
        claims.setExpirationTime(NumericDate.fromSeconds(1_800_000_900L));
        claims.setJwtId("token-1");
        return claims;
    }

    @Test
    void aUsersAccessTokenGivesItsOrganizationRolesSessionAndNoBinding() {
        JwtClaims claims = claims(TokenClaims.AUDIENCE_API);
        claims.setClaim(TokenClaims.SESSION, "session-1");
        Caller[] built = new Caller[1];
        List<ThrownExceptions.Thrown> thrown = ThrownExceptions.during(
                () -> built[0] = Caller.of(new DefaultJWTCallerPrincipal("raw", "JWT", claims)));
        Caller caller = built[0];
        assertThat(caller.subject()).isEqualTo(subject);
        assertThat(caller.organizationId()).isEqualTo(org);
        assertThat(caller.roles()).isEqualTo(Set.of("org-admin", "supervisor"));
        assertThat(caller.upn()).isEqualTo("admin@demo.test");
        assertThat(caller.kind()).isEqualTo(TokenKind.ACCESS);
        assertThat(caller.sessionId()).isEqualTo("session-1");
        assertThat(caller.tokenId()).isEqualTo("token-1");
        assertThat(caller.issuedAt().getEpochSecond()).isEqualTo(1_800_000_000L);
        assertThat(caller.expiresAt().getEpochSecond()).isEqualTo(1_800_000_900L);
        assertThat(caller.boundIp()).isNull();
        assertThat(caller.clientId()).isNull();
        // claims the token does not carry are not read: smallrye-jwt's principal throws and catches an
        // exception for each read of a claim outside the MicroProfile enum, and this runs per request
        assertThat(thrown).extracting(ThrownExceptions.Thrown::message).noneMatch(message -> message != null
                && (message.endsWith("Claims." + TokenClaims.BOUND_IP) || message.endsWith("Claims." + TokenClaims.CLIENT_ID)));
    }

    @Test
    void aBoundClientCredentialsTokenGivesItsClientAndAddress() {
        JwtClaims claims = claims(TokenClaims.AUDIENCE_API);
        claims.setClaim(TokenClaims.CLIENT_ID, "crm");
        claims.setClaim(TokenClaims.BOUND_IP, "198.51.100.7");
        Caller caller = Caller.of(new DefaultJWTCallerPrincipal("raw", "JWT", claims));
        assertThat(caller.kind()).isEqualTo(TokenKind.CLIENT_CREDENTIALS);
        assertThat(caller.clientId()).isEqualTo("crm");
        assertThat(caller.boundIp()).isEqualTo("198.51.100.7");
        assertThat(caller.sessionId()).isNull();
    }
}
