package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.notifier.support.Receiver.Answer;
import io.callwire.testing.AmqpClientExtension;
import io.quarkus.test.junit.QuarkusTest;

/** OAuth 2.0 authentication of deliveries against real token endpoints. */
@QuarkusTest
class AuthenticationTest {

    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    @Test
    void clientCredentialsTokenIsFetchedOnceAndSent() {
        AtomicInteger tokenRequests = new AtomicInteger();
        try (Receiver receiver = new Receiver()) {
            receiver.byDefault(request -> {
                if (request.path().equals("/token")) {
                    tokenRequests.incrementAndGet();
                    boolean valid = request.body().contains("grant_type=client_credentials")
                            && request.body().contains("client_id=callwire") && request.body().contains("client_secret=cc-secret");
                    return valid ? new Answer(200, Map.of("Content-Type", "application/json"),
                            "{\"access_token\": \"cc-token\", \"token_type\": \"Bearer\", \"expires_in\": 3600}") : Answer.of(401);
                }
                return "Bearer cc-token".equals(request.header("Authorization")) ? Answer.of(204) : Answer.of(401);
            });
            UUID org = UUID.randomUUID();
            String id = Api.create(org, """
                    {"name": "cc", "url": "%1$s/hook", "method": "POST", "events": ["QueueStatus"],
                     "auth": {"type": "OAUTH2_CLIENT_CREDENTIALS", "tokenUrl": "%1$s/token", "clientId": "callwire",
                              "clientSecret": "cc-secret", "scope": "events"}}
                    """.formatted(receiver.url()));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));

            await().atMost(Duration.ofSeconds(15)).until(() -> DeliveryTest.deliveries(org, id).size() == 2
                    && DeliveryTest.deliveries(org, id).stream().allMatch(d -> "DELIVERED".equals(d.get("status"))));
            assertThat(tokenRequests.get()).isEqualTo(1);
            assertThat(receiver.requests("/hook")).hasSize(2);
        }
    }

    @Test
    void salesforceExchangesASignedJwtAssertionAndRefreshesTheTokenOnceOn401() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        JwtConsumer verifier = new JwtConsumerBuilder()
                .setVerificationKey(keys.getPublic())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer("3MVG9-connected-app")
                .setExpectedSubject("integration@acme.example")
                .setExpectedAudience("https://login.salesforce.com")
                .setRequireExpirationTime()
                .build();
        AtomicInteger issued = new AtomicInteger();
        try (Receiver receiver = new Receiver()) {
            receiver.byDefault(request -> {
                if (request.path().equals("/services/oauth2/token")) {
                    Map<String, String> form = form(request.body());
                    if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
                        return Answer.of(400);
                    }
                    try {
                        JwtClaims claims = verifier.processToClaims(form.get("assertion"));
                        assertThat(claims.getExpirationTime().getValueInMillis()).isGreaterThan(System.currentTimeMillis());
                    } catch (Exception invalid) {
                        return new Answer(400, Map.of(), "{\"error\": \"invalid_grant\"}");
                    }
                    // Salesforce sends no expires_in
                    return new Answer(200, Map.of("Content-Type", "application/json"),
                            "{\"access_token\": \"sf-" + issued.incrementAndGet() + "\", \"token_type\": \"Bearer\","
                                    + " \"instance_url\": \"" + receiver.url() + "\"}");
                }
                // the first token was revoked
                return "Bearer sf-2".equals(request.header("Authorization")) ? Answer.of(201) : Answer.of(401);
            });
            UUID org = UUID.randomUUID();
            String id = Api.create(org, """
                    {"name": "salesforce", "url": "%1$s/services/apexrest/callwire", "method": "SALESFORCE",
                     "events": ["QueueStatus"], "retry": {"maxAttempts": 1},
                     "auth": {"type": "OAUTH2_JWT_BEARER", "tokenUrl": "%1$s/services/oauth2/token",
                              "clientId": "3MVG9-connected-app", "username": "integration@acme.example",
                              "audience": "https://login.salesforce.com", "privateKey": "%2$s"}}
                    """.formatted(receiver.url(), pem.replace("\n", "\\n")));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));

            await().atMost(Duration.ofSeconds(15)).until(() -> !DeliveryTest.deliveries(org, id).isEmpty()
                    && "DELIVERED".equals(DeliveryTest.deliveries(org, id).get(0).get("status")));
            // one attempt although the first token was refused: the refresh does not spend a retry
            assertThat(DeliveryTest.deliveries(org, id).get(0).get("attemptCount")).isEqualTo(1);
            assertThat(issued.get()).isEqualTo(2);
            List<Receiver.Request> posts = receiver.requests("/services/apexrest/callwire");
            assertThat(posts).hasSize(2);
            assertThat(posts.get(1).header("Content-Type")).startsWith("application/json");
            assertThat(posts.get(1).header("webhook-id")).isEqualTo(posts.get(0).header("webhook-id"));

            // later messages reuse the cached token
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests("/services/apexrest/callwire").size() == 3);
            assertThat(issued.get()).isEqualTo(2);
        }
    }

    @Test
    void salesforceCallsTheInstanceTheTokenResponseNames() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(
                generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        try (Receiver login = new Receiver(); Receiver instance = new Receiver()) {
            login.byDefault(request -> request.path().equals("/services/oauth2/token")
                    ? new Answer(200, Map.of("Content-Type", "application/json"),
                            "{\"access_token\": \"sf-token\", \"token_type\": \"Bearer\", \"instance_url\": \""
                                    + instance.url() + "\"}")
                    : Answer.of(404));
            UUID org = UUID.randomUUID();
            Api.create(org, """
                    {"name": "salesforce", "url": "%1$s/services/apexrest/callwire?src=cw", "method": "SALESFORCE",
                     "events": ["QueueStatus"], "retry": {"maxAttempts": 1},
                     "auth": {"type": "OAUTH2_JWT_BEARER", "tokenUrl": "%1$s/services/oauth2/token",
                              "clientId": "3MVG9-connected-app", "username": "integration@acme.example",
                              "audience": "https://login.salesforce.com", "privateKey": "%2$s"}}
                    """.formatted(login.url(), pem.replace("\n", "\\n")));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));

            await().atMost(Duration.ofSeconds(15)).until(() -> !instance.requests().isEmpty());
            assertThat(instance.requests().get(0).uri()).isEqualTo("/services/apexrest/callwire?src=cw");
            assertThat(instance.requests().get(0).header("Authorization")).isEqualTo("Bearer sf-token");
            assertThat(login.requests("/services/apexrest/callwire")).isEmpty();
        }
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }
}
