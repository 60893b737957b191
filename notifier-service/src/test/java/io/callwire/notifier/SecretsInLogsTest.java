package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.testing.AmqpClientExtension;
import io.callwire.testing.LogSecrets;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * No password, bearer token, OAuth client secret or signing secret appears in an API answer after the
 * one that created it, nor in any line the service logged while every test class of this module ran
 * ({@code @Order} makes this class the last, see the module's surefire configuration). Quarkus runs the
 * classes of one test profile together, so this class takes the module's only profile (TracingOffTest's,
 * whose group is ordered after every class without a profile): last in that group, it runs after every
 * class, and the profile costs no boot of its own.
 */
@QuarkusTest
@TestProfile(TracingOffTest.SdkDisabled.class)
@Order(Integer.MAX_VALUE)
class SecretsInLogsTest {

    private static final String PASSWORD = "basic-password-" + UUID.randomUUID();
    private static final String BEARER = "static-bearer-" + UUID.randomUUID();
    private static final String CLIENT_SECRET = "client-secret-" + UUID.randomUUID();

    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    @Test
    void noSecretIsShownAgainOrLogged() {
        try (Receiver receiver = new Receiver().byDefault(500)) {
            UUID org = UUID.randomUUID();
            List<String> answers = new java.util.ArrayList<>();
            String basic = Api.create(org, """
                    {"name": "basic", "url": "%s/basic", "events": ["QueueStatus"], "retry": {"maxAttempts": 2, "scheduleSeconds": [0.1]},
                     "auth": {"type": "BASIC", "username": "crm", "password": "%s"}, "headers": {"X-Tenant": "acme"}}
                    """.formatted(receiver.url(), PASSWORD));
            String bearer = Api.create(org, """
                    {"name": "bearer", "url": "%s/bearer", "events": ["QueueStatus"], "retry": {"maxAttempts": 1},
                     "auth": {"type": "BEARER", "token": "%s"}}
                    """.formatted(receiver.url(), BEARER));
            String oauth = Api.create(org, """
                    {"name": "oauth", "url": "%s/oauth", "events": ["QueueStatus"], "retry": {"maxAttempts": 1},
                     "auth": {"type": "OAUTH2_CLIENT_CREDENTIALS", "tokenUrl": "%s/token", "clientId": "cw", "clientSecret": "%s"}}
                    """.formatted(receiver.url(), receiver.url(), CLIENT_SECRET));
            String signingSecret = Api.as(org).post("/api/v1/webhooks/" + basic + "/rotate-secret").then().statusCode(200)
                    .extract().path("signingSecret");
            assertThat(signingSecret).startsWith("whsec_");
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests().size() >= 3);
            for (String id : List.of(basic, bearer, oauth)) {
                answers.add(Api.as(org).get("/api/v1/webhooks/" + id).then().statusCode(200).extract().asString());
                answers.add(Api.as(org).get("/api/v1/webhooks/" + id + "/deliveries").then().statusCode(200).extract().asString());
                answers.add(Api.as(org).body("{\"event\": \"QueueStatus\"}").post("/api/v1/webhooks/" + id + "/test").then()
                        .statusCode(200).extract().asString());
                for (Object delivery : Api.as(org).get("/api/v1/webhooks/" + id + "/deliveries").then().extract().<List<Object>>path("items.id")) {
                    answers.add(Api.as(org).get("/api/v1/deliveries/" + delivery).then().statusCode(200).extract().asString());
                }
            }
            answers.add(Api.as(org).get("/api/v1/webhooks").then().statusCode(200).extract().asString());
            for (String answer : answers) {
                assertThat(answer).doesNotContain(PASSWORD).doesNotContain(BEARER).doesNotContain(signingSecret)
                        .doesNotContain(CLIENT_SECRET);
            }
            // the receiver did get them: they were really used
            assertThat(receiver.requests()).anyMatch(r -> ("Bearer " + BEARER).equals(r.header("Authorization")));
            assertThat(receiver.requests()).anyMatch(r -> r.body().contains(CLIENT_SECRET) || String.valueOf(r.header("Authorization")).startsWith("Basic "));
        }
        List<String> known = List.of(PASSWORD, BEARER, CLIENT_SECRET);
        assertThat(LogSecrets.leaks(LogSecrets.TEST_LOG, known)).as("secrets in the log").isEmpty();
        System.out.printf("SecretsInLogsTest (notifier): %d log lines scanned, no secret%n", LogSecrets.lines(LogSecrets.TEST_LOG));
    }
}
