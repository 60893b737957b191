package io.callwire.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.contract.messaging.Addresses;
import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.AmqpFuzz;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.LogCapture;
import io.callwire.testing.PrometheusMetrics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A broken or hostile publisher sends bodies labelled {@code application/json} that are not JSON on
 * {@code callwire.events}. When the SmallRye AMQP connector read this link, it logged one ERROR with a full stack
 * trace per such message (a flood an attacker controls) and left each one unsettled at the broker. Here: one
 * WARN line without a stack trace that names the problem, each message counted and accepted, and the
 * subscribed client still gets the good events.
 */
@QuarkusTest
class UnreadableBodyTest {

    private static final int BAD = 40;

    @TestHTTPResource("/")
    URI base;

    @Test
    void logsOneWarningForAFloodOfBodiesLabelledJsonThatAreNotJson() {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        double unreadableBefore = PrometheusMetrics.total("callwire_amqp_messages_unreadable_total");
        long unsettledBefore = AmqpBrokerResource.unsettled(Addresses.EVENTS);
        Random random = new Random(14L);
        try (RawHubClient client = RawHubClient.connected(base, Api.admin(organization));
             AmqpTestClient amqp = AmqpTestClient.connect();
             LogCapture log = LogCapture.start()) {
            JsonNode subscribed = client.invoke("Subscribe", (Object) List.of(Map.of("EntityId", queue.toString(), "EventName", "QueueStatus")));
            assertThat(subscribed.toString()).as("the subscription").doesNotContain("error");

            for (int i = 0; i < BAD; i++) {
                amqp.send(Addresses.EVENTS, Addresses.CONTENT_TYPE_JSON, AmqpFuzz.notJson(random),
                        Map.of(Addresses.PROPERTY_ORGANIZATION_ID, organization.toString()));
            }
            Events.Event good = Events.queueStatus(organization, queue, 3);
            Events.publish(good);

            JsonNode message = client.nextMessage();
            assertThat(message).as("the good event after %d unreadable ones", BAD).isNotNull();
            assertThat(message.path("data").path("id").asText()).isEqualTo(good.id().toString());
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusMetrics.total("callwire_amqp_messages_unreadable_total") - unreadableBefore == BAD
                        && AmqpBrokerResource.unsettled(Addresses.EVENTS) == unsettledBefore);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // reported by the assertions below, with the figures
            }
            double counted = PrometheusMetrics.total("callwire_amqp_messages_unreadable_total") - unreadableBefore;
            long unsettled = AmqpBrokerResource.unsettled(Addresses.EVENTS) - unsettledBefore;
            List<LogRecord> errors = log.atLeast(Level.SEVERE);
            List<LogRecord> traces = log.withStackTrace();
            List<LogRecord> warnings = log.records().stream().filter(r -> r.getLevel().intValue() == Level.WARNING.intValue()).toList();
            String figures = String.format("%d unreadable bodies: %d ERROR records, %d with a stack trace, %d WARN, "
                    + "%.0f counted, %d left unsettled at the broker", BAD, errors.size(), traces.size(), warnings.size(), counted, unsettled);
            assertThat(errors).as("%s; the ERROR records:%n%s", figures, LogCapture.describe(errors)).isEmpty();
            assertThat(traces).as("%s; the stack traces:%n%s", figures, LogCapture.describe(traces)).isEmpty();
            assertThat(counted).as("%s; unreadable messages counted", figures).isEqualTo(BAD);
            assertThat(unsettled).as("%s; each one is accepted, so that the broker forgets it", figures).isZero();
            // one line a minute per channel: none here when an earlier test of the same application (AmqpFuzzTest
            // sends such bodies too) had the line written less than a minute ago
            assertThat(warnings).as("%s; the warnings:%n%s", figures, LogCapture.describe(warnings)).hasSizeLessThanOrEqualTo(1);
            warnings.forEach(warning -> assertThat(LogCapture.message(warning)).contains("events").contains("application/json").contains("not JSON"));
            given().get("/q/health/ready").then().statusCode(200);
        }
    }
}
