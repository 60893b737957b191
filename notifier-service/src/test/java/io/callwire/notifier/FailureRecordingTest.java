package io.callwire.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.notifier.support.Receiver.Answer;
import io.callwire.testing.AmqpClientExtension;
import io.callwire.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Failures inside Callwire are never silent and never endless: an event the endpoint's mapping cannot
 * render becomes a dead delivery that says why, an internal error while sending is a counted attempt
 * under the retry policy, and a database outage releases events to the broker with a pause (not in a
 * hot loop) and loses none of them.
 */
@QuarkusTest
class FailureRecordingTest {

    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    @Test
    void anEventTheMappingCannotRenderEndsAsADeadDeliveryThatSaysWhy() throws Exception {
        try (Receiver receiver = new Receiver().byDefault(200)) {
            UUID org = UUID.randomUUID();
            String webhookId = Api.create(org, """
                    {"name": "vars", "url": "%s/crm", "events": ["QueueStatus"],
                     "payload": {"mode": "VARIABLES", "variables": [{"source": "QueueName", "name": "queue"}]}}
                    """.formatted(receiver.url()));
            // a mapping the API would refuse, as a configuration written by an older version can hold:
            // a variable without a source
            // (the column holds the configuration's JSON text as a JSON string)
            sql("UPDATE webhook SET config = to_jsonb(jsonb_set((config #>> '{}')::jsonb, '{payload,variables,0,source}',"
                    + " 'null')::text) WHERE id = ?::uuid", webhookId);
            // any change through this replica reloads its index before answering
            Api.create(UUID.randomUUID(), """
                    {"name": "other", "url": "%s/other", "events": ["QueueStatus"]}
                    """.formatted(receiver.url()));

            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));

            await().atMost(Duration.ofSeconds(15)).until(() -> DeliveryTest.deliveries(org, webhookId).size() == 1);
            Map<String, Object> delivery = DeliveryTest.deliveries(org, webhookId).get(0);
            assertThat(delivery.get("status")).isEqualTo("DEAD");
            assertThat((String) delivery.get("lastError")).contains("could not be rendered")
                    .contains("the variable 'queue' has no source field");
            List<Map<String, Object>> attempts = Api.as(org).get("/api/v1/deliveries/" + delivery.get("id"))
                    .then().statusCode(200).extract().path("attempts");
            assertThat(attempts).hasSize(1);
            assertThat((String) attempts.get(0).get("error")).contains("could not be rendered");
            assertThat(receiver.requests("/crm")).isEmpty();
        }
    }

    @Test
    void anInternalErrorWhileSendingIsACountedAttemptUnderTheRetryPolicy() throws Exception {
        AtomicBoolean corrupted = new AtomicBoolean();
        try (Receiver receiver = new Receiver()) {
            receiver.byDefault(request -> {
                if (corrupted.compareAndSet(false, true)) {
                    // a retry renders the templated URL again from the stored event: make that fail inside
                    // Callwire (what a bug or a damaged row does) before the first attempt's outcome is written
                    sql("UPDATE delivery SET body = 'no longer an event' WHERE message_id = ?::uuid",
                            request.header("webhook-id"));
                }
                return Answer.of(503);
            });
            UUID org = UUID.randomUUID();
            String webhookId = Api.create(org, """
                    {"name": "templated", "url": "%s/crm/{{EntityId}}", "events": ["QueueStatus"],
                     "retry": {"maxAttempts": 3, "scheduleSeconds": [0, 0.2, 0.2]}}
                    """.formatted(receiver.url()));

            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));

            await().atMost(Duration.ofSeconds(20)).until(() -> {
                List<Map<String, Object>> list = DeliveryTest.deliveries(org, webhookId);
                return list.size() == 1 && "DEAD".equals(list.get(0).get("status"));
            });
            Map<String, Object> delivery = DeliveryTest.deliveries(org, webhookId).get(0);
            assertThat(delivery.get("attemptCount")).isEqualTo(3);
            List<Map<String, Object>> attempts = Api.as(org).get("/api/v1/deliveries/" + delivery.get("id"))
                    .then().statusCode(200).extract().path("attempts");
            assertThat(attempts).hasSize(3);
            assertThat(attempts.get(0).get("httpStatus")).isEqualTo(503);
            assertThat(attempts.subList(1, 3)).allSatisfy(attempt ->
                    assertThat((String) attempt.get("error")).startsWith("internal error").contains("does not decode"));
            assertThat(receiver.requests()).hasSize(1);
        }
    }

    @Test
    void aDatabaseOutageReleasesEventsWithAPauseAndLosesNone() throws Exception {
        try (Receiver receiver = new Receiver().byDefault(200)) {
            UUID org = UUID.randomUUID();
            String webhookId = Api.create(org, """
                    {"name": "outage", "url": "%s/crm", "events": ["QueueStatus"]}
                    """.formatted(receiver.url()));
            double releasedBefore = metric("callwire_notifier_ingest_released_total");
            double failuresBefore = metric("callwire_notifier_ingest_write_failures_total");
            try {
                databaseDown();
                Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
                // the event is taken and its write fails...
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> metric("callwire_notifier_ingest_write_failures_total") > failuresBefore);
                // ...and for five seconds of outage it comes back a few times, not in a loop (the broker
                // dead-letters a message after 10 deliveries: a loop would lose it within a second)
                await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6))
                        .until(() -> metric("callwire_notifier_ingest_released_total") - releasedBefore <= 5);
                assertThat(receiver.requests()).isEmpty();
            } finally {
                databaseUp();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests("/crm").size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                List<Map<String, Object>> list = DeliveryTest.deliveries(org, webhookId);
                return list.size() == 1 && "DELIVERED".equals(list.get(0).get("status"));
            });
            assertThat(metric("callwire_notifier_ingest_released_total") - releasedBefore).isBetween(1.0, 6.0);
        }
    }

    /** The application's database refuses every connection, and the open ones are closed. */
    private static void databaseDown() throws SQLException {
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE postgres WITH ALLOW_CONNECTIONS false");
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'postgres'"
                    + " AND pid <> pg_backend_pid()");
        }
    }

    private static void databaseUp() throws SQLException {
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE postgres WITH ALLOW_CONNECTIONS true");
        }
    }

    /** A connection to another database of the server, which stays reachable during the outage. */
    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(PostgresResource.jdbcUrl().replace("/postgres", "/template1"),
                PostgresResource.USERNAME, PostgresResource.PASSWORD);
    }

    private static void sql(String statement, String parameter) {
        try (Connection c = DriverManager.getConnection(PostgresResource.jdbcUrl(), PostgresResource.USERNAME,
                PostgresResource.PASSWORD);
             PreparedStatement update = c.prepareStatement(statement)) {
            update.setString(1, parameter);
            assertThat(update.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A counter of the application's Prometheus metrics (0 before it is first counted; an exemplar may follow). */
    private static double metric(String name) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.Ee+-]+)( #.*)?$").matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(2)) : 0;
    }
}
