package io.callwire.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.callwire.contract.messaging.Addresses;
import io.callwire.contract.messaging.RevocationMessage;
import io.callwire.contract.security.Roles;
import io.callwire.testing.AmqpClientExtension;
import io.callwire.testing.ProblemAssertions;
import io.callwire.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The token matrix at notifier-service: its REST API takes access and client-credentials tokens
 * only, refuses every attack token, and enforces revocation (from {@code callwire.auth.revocations})
 * and IP binding — it used to check neither, and took RTE tokens.
 */
@QuarkusTest
class TokenMatrixTest {

    private static final String PATH = "/api/v1/webhooks";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    private final UUID organization = UUID.randomUUID();
    private final UUID user = UUID.randomUUID();

    private static io.restassured.response.Response create(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body("""
                {"name": "crm", "url": "http://127.0.0.1:9/hook", "method": "POST", "events": ["QueueStatus"]}
                """).post(PATH);
    }

    @Test
    void restTakesAccessAndClientCredentialsTokensOnly() {
        assertThat(create(TestTokens.access(organization, user, Roles.ORG_ADMIN).sign()).statusCode()).isEqualTo(201);
        assertThat(given().auth().oauth2(TestTokens.clientCredentials(organization, UUID.randomUUID(), "crm", Roles.ORG_ADMIN)
                .sign()).get(PATH).statusCode()).isEqualTo(200);
        // an org-admin's RTE token (2 h, carried in URLs) used to create webhooks here (201)
        String detail = ProblemAssertions.assertProblem(create(TestTokens.rte(organization, user, Roles.ORG_ADMIN).sign()),
                401, PATH, "wrong-token-kind").get("detail").toString();
        assertThat(detail).contains("RTE token");
        ProblemAssertions.assertProblem(create(TestTokens.refreshAsBearer()), 401, PATH);
    }

    static List<Arguments> attacks() {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        Function<Void, TestTokens.Builder> access = ignored -> TestTokens.access(organization, user, Roles.ORG_ADMIN);
        return List.of(
                Arguments.of("expired", access.apply(null).expired().sign()),
                Arguments.of("not yet valid", access.apply(null).notYetValid().sign()),
                Arguments.of("tampered", access.apply(null).tamperedWith(UUID.randomUUID())),
                Arguments.of("alg none", access.apply(null).unsigned()),
                Arguments.of("HS256 with the public key", access.apply(null).signHs256WithPublicKey()),
                Arguments.of("unknown kid", access.apply(null).signWithUnknownKey()),
                Arguments.of("other issuer", access.apply(null).otherIssuer().sign()),
                Arguments.of("rotated-out key", access.apply(null).signWithRotatedOutKey()),
                Arguments.of("other IP", access.apply(null).boundTo(TestTokens.OTHER_IP).sign()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void refusesTheAttackTokens(String attack, String token) {
        ProblemAssertions.assertProblem(create(token), 401, PATH);
    }

    @Test
    void aDisabledAdminIsRefusedAsSoonAsTheRevocationArrives() throws Exception {
        String token = TestTokens.access(organization, user, Roles.ORG_ADMIN).issuedAt(Instant.now().minusSeconds(30)).sign();
        assertThat(create(token).statusCode()).isEqualTo(201);
        amqp.client().send(Addresses.AUTH_REVOCATIONS, JSON.writeValueAsString(new RevocationMessage(user.toString(), organization,
                null, RevocationMessage.REASON_USER_DISABLED, Instant.now())));
        await().atMost(Duration.ofSeconds(10)).until(() -> create(token).statusCode() == 401);
        ProblemAssertions.assertProblem(create(token), 401, PATH, "token-revoked");
    }

    @Test
    void aRevokedSessionIsRefused() throws Exception {
        String sid = UUID.randomUUID().toString();
        String token = TestTokens.access(organization, user, Roles.ORG_ADMIN).session(sid).sign();
        assertThat(create(token).statusCode()).isEqualTo(201);
        amqp.client().send(Addresses.AUTH_REVOCATIONS, JSON.writeValueAsString(RevocationMessage.session(user.toString(), organization,
                sid, RevocationMessage.REASON_REFRESH_REUSED, Instant.now())));
        await().atMost(Duration.ofSeconds(10)).until(() -> create(token).statusCode() == 401);
        assertThat(create(TestTokens.access(organization, user, Roles.ORG_ADMIN).sign()).statusCode()).isEqualTo(201);
    }

    @Test
    void aBoundTokenIsTakenFromItsAddressOnly() {
        assertThat(create(TestTokens.access(organization, user, Roles.ORG_ADMIN).boundTo("127.0.0.1").sign()).statusCode())
                .isEqualTo(201);
        ProblemAssertions.assertProblem(create(TestTokens.access(organization, user, Roles.ORG_ADMIN)
                .boundTo(TestTokens.OTHER_IP).sign()), 401, PATH, "token-bound-to-other-address");
    }
}
