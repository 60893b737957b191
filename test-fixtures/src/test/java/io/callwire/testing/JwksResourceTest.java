package io.callwire.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import io.callwire.contract.security.TokenClaims;

class JwksResourceTest {

    private final JwtConsumer consumer = new JwtConsumerBuilder()
            .setExpectedIssuer(TestTokens.ISSUER)
            .setExpectedAudience(TokenClaims.AUDIENCE_API)
            .setRequireExpirationTime()
            .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(JwksResource.jwksUrl())))
            .build();

    @Test
    void servesAJwksThatVerifiesSignedTokens() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(JwksResource.jwksUrl())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"kid\":\"test-key-1\"").doesNotContain("\"d\":");

        UUID org = UUID.randomUUID();
        String token = TestTokens.user(org, UUID.randomUUID(), "agent").sign();
        assertThat(consumer.processToClaims(token).getStringClaimValue(TokenClaims.ORGANIZATION)).isEqualTo(org.toString());
    }

    @Test
    void eachKindCarriesItsAudienceAndClaims() throws Exception {
        UUID org = UUID.randomUUID();
        var access = consumer.processToClaims(TestTokens.access(org, UUID.randomUUID(), "agent").sign());
        assertThat(access.getAudience()).containsExactly(TokenClaims.AUDIENCE_API);
        assertThat(access.getStringClaimValue(TokenClaims.SESSION)).isNotBlank();
        var client = consumer.processToClaims(TestTokens.clientCredentials(org, UUID.randomUUID(), "crm", "integration").sign());
        assertThat(client.getStringClaimValue(TokenClaims.CLIENT_ID)).isEqualTo("crm");
        assertThat(client.hasClaim(TokenClaims.SESSION)).isFalse();
        String rte = TestTokens.rte(org, UUID.randomUUID(), "agent").sign();
        try {
            consumer.processToClaims(rte);
            throw new AssertionError("an RTE token passed as callwire-api");
        } catch (InvalidJwtException expected) {
            // aud = callwire-rte only
        }
        assertThat(TestTokens.refreshAsBearer()).doesNotContain(".");
    }

    @Test
    void theTokensMeantToBeRefusedAreRefused() {
        UUID org = UUID.randomUUID();
        TestTokens.Builder user = TestTokens.user(org, UUID.randomUUID(), "agent");
        for (String bad : new String[] {
                TestTokens.user(org, UUID.randomUUID()).expired().sign(),
                TestTokens.user(org, UUID.randomUUID()).issuer("https://elsewhere").sign(),
                TestTokens.user(org, UUID.randomUUID()).audience("other").sign(),
                user.tamperedWith(UUID.randomUUID()),
                user.unsigned(),
                user.signWithUnknownKey(),
                TestTokens.user(org, UUID.randomUUID()).notYetValid().sign(),
                TestTokens.user(org, UUID.randomUUID()).otherIssuer().sign(),
                user.signWithRotatedOutKey(),
                user.signHs256WithPublicKey() }) {
            try {
                consumer.processToClaims(bad);
                throw new AssertionError("accepted a token that must be refused: " + bad);
            } catch (InvalidJwtException expected) {
                // refused, as a service must
            }
        }
    }
}
