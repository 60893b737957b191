package io.callwire.auth;

import static io.callwire.auth.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.auth.service.Bootstrap;
import io.callwire.contract.messaging.Addresses;
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;

/** A revocation made while the broker is down commits, waits in the outbox, and is published when the broker is back. */
@QuarkusTest
class OutboxRelayTest {

    @Inject
    Bootstrap bootstrap;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void demoTenant() {
        Api.demo(bootstrap);
    }

    @Test
    void aRevocationMadeWhileTheBrokerIsDownIsPublishedWhenItIsBack() throws Exception {
        String admin = Api.admin();
        String id = bearer(admin).contentType("application/json")
                .body(Map.of("username", "offline-" + System.nanoTime() + "@demo.test", "displayName", "Offline",
                        "password", "password-123", "roles", List.of("agent")))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");

        broker("stopServer");
        try {
            // the administrator's change does not depend on the broker
            bearer(admin).post("/api/v1/users/" + id + "/disable").then().statusCode(200);
            assertThat(pendingFor(id)).isEqualTo(1);
        } finally {
            broker("startServer");
        }

        try (AmqpTestClient amqp = AmqpTestClient.connect()) {
            AmqpTestClient.Listener revocations = amqp.listen(Addresses.AUTH_REVOCATIONS);
            await().atMost(Duration.ofSeconds(60)).until(() -> pendingFor(id) == 0);
            // published after this listener attached, or before it (then the row says so): either way not lost
            AmqpTestClient.Received received;
            boolean seen = false;
            while ((received = revocations.next(Duration.ofSeconds(3))) != null) {
                if (json.readTree(received.body()).get("subject").asText().equals(id)) {
                    seen = true;
                    assertThat(json.readTree(received.body()).get("reason").asText()).isEqualTo("user-disabled");
                }
            }
            assertThat(seen || publishedFor(id) == 1).isTrue();
        }
    }

    /**
     * The fixture offers only restart(); stopping for a while is what this test is about, so it
     * calls the shared embedded broker's own private stop and start (test-fixtures keeps it in
     * {@code AmqpBrokerResource.broker}, an {@code io.callwire.embedded.EmbeddedBroker}).
     */
    private static void broker(String method) throws Exception {
        AmqpBrokerResource.port();
        Field field = AmqpBrokerResource.class.getDeclaredField("broker");
        field.setAccessible(true);
        Object broker = field.get(null);
        Method m = broker.getClass().getDeclaredMethod(method);
        m.setAccessible(true);
        m.invoke(broker);
    }

    private static int pendingFor(String subject) throws Exception {
        return count("select count(*) from outbox_message where published_at is null and payload like ?", subject);
    }

    private static int publishedFor(String subject) throws Exception {
        return count("select count(*) from outbox_message where published_at is not null and payload like ?", subject);
    }

    private static int count(String sql, String subject) throws Exception {
        try (Connection connection = DriverManager.getConnection(PostgresResource.jdbcUrl(), PostgresResource.USERNAME, PostgresResource.PASSWORD);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, "%" + subject + "%");
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
