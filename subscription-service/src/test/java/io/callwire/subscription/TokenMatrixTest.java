package io.callwire.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.support.security.RevocationRegistry;
import io.callwire.testing.ProblemAssertions;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The token matrix at subscription-service: each token kind on REST and on {@code /rte}, and every
 * token a verifier must refuse, at both. REST takes access and client-credentials tokens only,
 * {@code /rte} RTE tokens only; a wrong kind is a 401 problem that says so.
 */
@QuarkusTest
class TokenMatrixTest {

    private static final String REST = "/api/v1/entities";

    @TestHTTPResource("/")
    URI base;

    @Inject
    RevocationRegistry revocations;

    private final UUID organization = UUID.randomUUID();
    private final UUID user = UUID.randomUUID();

    private int restStatus(String token) {
        return given().auth().oauth2(token).get(REST).statusCode();
    }

    private int rteStatus(String token) {
        return RawHubClient.upgradeStatus(base.resolve("/rte"), Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void restTakesAccessAndClientCredentialsTokensOnly() {
        assertThat(restStatus(TestTokens.access(organization, user, Roles.ORG_ADMIN).sign())).isEqualTo(200);
        assertThat(restStatus(TestTokens.clientCredentials(organization, UUID.randomUUID(), "crm", Roles.INTEGRATION).sign()))
                .isEqualTo(200);
        // an org-admin's RTE token (2 h, carried in URLs) used to list and change grants here
        String detail = ProblemAssertions.assertProblem(given().auth().oauth2(TestTokens.rte(organization, user, Roles.ORG_ADMIN).sign())
                .get(REST), 401, REST, "wrong-token-kind").get("detail").toString();
        assertThat(detail).contains("RTE token").contains("callwire-api");
        ProblemAssertions.assertProblem(given().auth().oauth2(TestTokens.refreshAsBearer()).get(REST), 401, REST);
    }

    @Test
    void rteTakesRteTokensOnly() {
        assertThat(rteStatus(TestTokens.rte(organization, user, Roles.AGENT).sign())).isEqualTo(101);
        assertThat(rteStatus(TestTokens.access(organization, user, Roles.AGENT).sign())).isEqualTo(401);
        assertThat(rteStatus(TestTokens.clientCredentials(organization, UUID.randomUUID(), "crm", Roles.INTEGRATION).sign()))
                .isEqualTo(401);
        assertThat(rteStatus(TestTokens.refreshAsBearer())).isEqualTo(401);
    }

    static List<Arguments> attacks() {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        return List.of(
                Arguments.of("expired", (Kind) k -> k.make(organization, user).expired().sign()),
                Arguments.of("not yet valid", (Kind) k -> k.make(organization, user).notYetValid().sign()),
                Arguments.of("tampered", (Kind) k -> k.make(organization, user).tamperedWith(UUID.randomUUID())),
                Arguments.of("alg none", (Kind) k -> k.make(organization, user).unsigned()),
                Arguments.of("HS256 with the public key", (Kind) k -> k.make(organization, user).signHs256WithPublicKey()),
                Arguments.of("unknown kid", (Kind) k -> k.make(organization, user).signWithUnknownKey()),
                Arguments.of("other issuer", (Kind) k -> k.make(organization, user).otherIssuer().sign()),
                Arguments.of("rotated-out key", (Kind) k -> k.make(organization, user).signWithRotatedOutKey()),
                Arguments.of("other IP", (Kind) k -> k.make(organization, user).boundTo(TestTokens.OTHER_IP).sign()));
    }

    /** Makes a token of the kind an endpoint takes. */
    interface Kind {
        String of(Maker maker);
    }

    interface Maker {
        TestTokens.Builder make(UUID organization, UUID user);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void everyVerifierRefusesTheAttackTokens(String attack, Kind token) {
        Response401.check(given().auth().oauth2(token.of((o, u) -> TestTokens.access(o, u, Roles.ORG_ADMIN))).get(REST));
        assertThat(rteStatus(token.of((o, u) -> TestTokens.rte(o, u, Roles.AGENT)))).as(attack).isEqualTo(401);
    }

    @Test
    void aRevokedUserIsRefusedOnRestAndRte() {
        UUID revoked = UUID.randomUUID();
        String access = TestTokens.access(organization, revoked, Roles.ORG_ADMIN).issuedAt(Instant.now().minusSeconds(10)).sign();
        String rte = TestTokens.rte(organization, revoked, Roles.ORG_ADMIN).issuedAt(Instant.now().minusSeconds(10)).sign();
        revocations.record(new RevocationMessage(revoked.toString(), organization, null,
                RevocationMessage.REASON_USER_DISABLED, Instant.now()));
        ProblemAssertions.assertProblem(given().auth().oauth2(access).get(REST), 401, REST, "token-revoked");
        assertThat(rteStatus(rte)).isEqualTo(401);
    }

    @Test
    void aRevokedSessionIsRefusedOnRestAndRteWhateverTheKind() {
        String sid = UUID.randomUUID().toString();
        String access = TestTokens.access(organization, user, Roles.ORG_ADMIN).session(sid).sign();
        String rte = TestTokens.rte(organization, user, Roles.ORG_ADMIN).session(sid).sign();
        String otherSession = TestTokens.access(organization, user, Roles.ORG_ADMIN).sign();
        assertThat(restStatus(access)).isEqualTo(200);
        revocations.record(RevocationMessage.session(user.toString(), organization, sid,
                RevocationMessage.REASON_REFRESH_REUSED, Instant.now()));
        ProblemAssertions.assertProblem(given().auth().oauth2(access).get(REST), 401, REST, "token-revoked");
        assertThat(rteStatus(rte)).isEqualTo(401);
        assertThat(restStatus(otherSession)).isEqualTo(200);
    }

    @Test
    void aBoundTokenIsTakenFromItsAddressOnRestToo() {
        // REST used to ignore the ip claim
        ProblemAssertions.assertProblem(given().auth().oauth2(TestTokens.access(organization, user, Roles.ORG_ADMIN)
                .boundTo(TestTokens.OTHER_IP).sign()).header("X-Forwarded-For", TestTokens.OTHER_IP).get(REST),
                401, REST, "token-bound-to-other-address");
        assertThat(restStatus(TestTokens.access(organization, user, Roles.ORG_ADMIN).boundTo("127.0.0.1").sign())).isEqualTo(200);
    }

    private static final class Response401 {
        static void check(io.restassured.response.Response response) {
            ProblemAssertions.assertProblem(response, 401, REST);
        }
    }
}
