package io.callwire.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.messaging.Addresses;
import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.AmqpFuzz;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.LogCapture;
import io.callwire.testing.PrometheusMetrics;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A broken or hostile publisher floods {@code callwire.events} with bodies labelled {@code application/json}
 * that are not JSON. The notifier reads its events itself (not through the SmallRye connector): each such
 * message is counted, settled, and reported in at most one WARN line a minute, as the connector's are in the
 * other services (messaging-support's {@code UnreadableBodyLog}); the good event after them is delivered.
 */
@QuarkusTest
class UnreadableBodyTest {

    private static final int BAD = 40;

    @Test
    void aFloodOfBodiesLabelledJsonThatAreNotJsonIsCountedSettledAndLoggedOnce() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID queue = UUID.randomUUID();
        double unreadableBefore = PrometheusMetrics.total("callwire_amqp_messages_unreadable_total");
        Random random = new Random(14L);
        try (Receiver receiver = new Receiver(); AmqpTestClient amqp = AmqpTestClient.connect();
             LogCapture log = LogCapture.start()) {
            Api.create(organization, """
                    {"name": "after the flood", "url": "%s/hook", "method": "POST", "events": ["QueueStatus"],
                     "filter": {"entityIds": ["%s"]}}
                    """.formatted(receiver.url(), queue));
            for (int i = 0; i < BAD; i++) {
                amqp.send(Addresses.EVENTS, Addresses.CONTENT_TYPE_JSON, AmqpFuzz.notJson(random),
                        Map.of(Addresses.PROPERTY_ORGANIZATION_ID, organization.toString()));
            }
            ObjectNode good = Events.of("QueueStatus", organization, queue);
            Events.publish(amqp, good);

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests("/hook").size() == 1);
            assertThat(receiver.requests("/hook").get(0).body()).contains(good.get("Id").asText());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    PrometheusMetrics.total("callwire_amqp_messages_unreadable_total") - unreadableBefore == BAD);
            await().atMost(Duration.ofSeconds(10)).until(() -> AmqpBrokerResource.unsettled(Addresses.EVENTS) == 0);
            List<LogRecord> warnings = log.records().stream()
                    .filter(record -> record.getLevel().intValue() == Level.WARNING.intValue()).toList();
            assertThat(log.atLeast(Level.SEVERE)).as("ERROR records").isEmpty();
            // one line a minute: none when an earlier test of this application (AmqpFuzzTest) had it written
            assertThat(warnings).as("the warnings:%n%s", LogCapture.describe(warnings)).hasSizeLessThanOrEqualTo(1);
            warnings.forEach(warning -> assertThat(LogCapture.message(warning)).contains("events").contains("not JSON"));
            given().get("/q/health/ready").then().statusCode(200);
        }
    }
}
