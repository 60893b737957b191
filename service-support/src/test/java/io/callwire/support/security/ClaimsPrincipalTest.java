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

/**
 * What every service's token verification hands the security kit for each authenticated request: the
 * same claims as smallrye-jwt's principal, read without an exception per custom claim (each one filled in
 * a deep stack trace on the event loop: four per RTE exchange in auth-service, two per REST request in
 * subscription- and notifier-service).
 */
class ClaimsPrincipalTest {

    @Test
    void theKitReadsEveryClaimOfABoundSessionTokenWithoutAnException() throws Exception {
        UUID org = UUID.randomUUID();
        String subject = UUID.randomUUID().toString();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("http://localhost:8081");
        claims.setAudience(TokenClaims.AUDIENCE_API);
        claims.setSubject(subject);
        claims.setClaim(TokenClaims.ORGANIZATION, org.toString());
        claims.setStringListClaim("groups", "org-admin");
        claims.setClaim("upn", "admin@demo.test");
        claims.setIssuedAt(NumericDate.fromSeconds(1_800_000_000L));
        claims.setExpirationTime(NumericDate.fromSeconds(1_800_000_900L));
        claims.setJwtId("token-1");
        claims.setClaim(TokenClaims.SESSION, "session-1");
        claims.setClaim(TokenClaims.BOUND_IP, "198.51.100.7");
        String json = claims.toJson();

        Caller[] built = new Caller[1];
        List<ThrownExceptions.Thrown> thrown = ThrownExceptions.during(() -> {
            try {
                built[0] = Caller.of(new ClaimsPrincipal("raw", "JWT", JwtClaims.parse(json)));
            } catch (org.jose4j.jwt.consumer.InvalidJwtException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(thrown).isEmpty();
        Caller caller = built[0];
        assertThat(caller.subject()).isEqualTo(subject);
        assertThat(caller.organizationId()).isEqualTo(org);
        assertThat(caller.roles()).isEqualTo(Set.of("org-admin"));
        assertThat(caller.kind()).isEqualTo(TokenKind.ACCESS);
        assertThat(caller.sessionId()).isEqualTo("session-1");
        assertThat(caller.boundIp()).isEqualTo("198.51.100.7");
        assertThat(caller.upn()).isEqualTo("admin@demo.test");
        assertThat(caller.expiresAt().getEpochSecond()).isEqualTo(1_800_000_900L);
    }

    @Test
    void standardClaimsKeepTheirMicroProfileTypes() throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("s");
        claims.setExpirationTime(NumericDate.fromSeconds(1_800_000_900L));
        claims.setStringListClaim("groups", "agent", "supervisor");
        claims.setClaim(TokenClaims.ORGANIZATION, "o");
        var principal = new ClaimsPrincipal("raw", "JWT", JwtClaims.parse(claims.toJson()));
        assertThat((Object) principal.getClaim("exp")).isEqualTo(1_800_000_900L);
        assertThat(principal.getGroups()).containsExactlyInAnyOrder("agent", "supervisor");
        assertThat(principal.getClaim("raw_token").toString()).isEqualTo("raw");
        assertThat(principal.getClaimNames()).contains(TokenClaims.ORGANIZATION);
    }
}
