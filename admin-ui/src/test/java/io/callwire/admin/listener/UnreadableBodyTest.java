package io.callwire.admin.listener;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.admin.browser.Services;
import io.callwire.admin.security.ConsoleSession;
import io.callwire.admin.security.SessionStore;
import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.messaging.Addresses;
import io.callwire.testing.AmqpFuzz;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.LogCapture;
import io.callwire.testing.PrometheusMetrics;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * A broken or hostile publisher sends bodies labelled {@code application/json} that are not JSON on
 * {@code callwire.events}. The console only counts events (it never reads the body), but the SmallRye
 * AMQP connector parses such a body before {@link EventCounter} sees the message, fails, and logs it
 * itself: one ERROR with a full stack trace per message, a flood the sender controls. Here: one WARN
 * line without a stack trace, each message counted in the metrics, and the dashboard's events per
 * second still counting the good events sent after them.
 */
@QuarkusTest
class UnreadableBodyTest {

    private static final int BAD = 40;
    /** Ten good events: the dashboard shows events per second over ten seconds, so 1.0. */
    private static final int GOOD = 10;
    private static final Pattern EVENTS_FIGURE = Pattern.compile("data-testid=\"events-per-second\">([^<]*)<");

    @Inject
    SessionStore sessions;

    /** The "events per second" figure of the signed-in user's dashboard, as the page shows it. */
    private static String eventsPerSecond(ConsoleSession session) {
        String html = given().cookie("cw_session", session.id()).get("/dashboard/figures").then().statusCode(200).extract().asString();
        Matcher matcher = EVENTS_FIGURE.matcher(html);
        assertThat(matcher.find()).as("the events figure on the dashboard").isTrue();
        return matcher.group(1).trim();
    }

    private static ObjectNode queueStatus(UUID organization) {
        ObjectNode event = EventCatalog.standard().find("QueueStatus").orElseThrow().example().deepCopy();
        UUID queue = UUID.randomUUID();
        event.put("RootEntityId", organization.toString()).put("EntityId", queue.toString()).put("Id", UUID.randomUUID().toString())
                .put("Timestamp", Instant.now().toString()).put("MessageTTLSeconds", -1);
        if (event.has("QueueId")) {
            event.put("QueueId", queue.toString());
        }
        return event;
    }

    @Test
    void aFloodOfBodiesLabelledJsonThatAreNotJsonGivesOneWarningAndTheDashboardStillCounts() {
        ConsoleSession session = sessions.signIn(Services.ADMIN, Services.PASSWORD, "198.51.100.14");
        // events other tests published for the demo organization leave the ten-second window first
        await().atMost(Duration.ofSeconds(20)).until(() -> eventsPerSecond(session).equals("0.0"));
        double unreadableBefore = PrometheusMetrics.total("callwire_amqp_messages_unreadable_total");
        Random random = new Random(14L);
        try (AmqpTestClient amqp = AmqpTestClient.connect(); LogCapture log = LogCapture.start()) {
            ObjectNode good = queueStatus(Services.DEMO_ORGANIZATION);
            Map<String, Object> properties = AmqpFuzz.properties(good);
            for (int i = 0; i < BAD; i++) {
                amqp.send(Addresses.EVENTS, Addresses.CONTENT_TYPE_JSON, AmqpFuzz.notJson(random), properties);
            }
            for (int i = 0; i < GOOD; i++) {
                amqp.send(Addresses.EVENTS, good.put("Id", UUID.randomUUID().toString()).toString(), properties);
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsPerSecond(session))
                    .as("events per second on the dashboard after %d good events sent behind %d unreadable ones", GOOD, BAD)
                    .isEqualTo("1.0"));
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusMetrics.total("callwire_amqp_messages_unreadable_total") - unreadableBefore == BAD);
            } catch (ConditionTimeoutException e) {
                // reported by the assertions below, with the figures
            }
            double counted = PrometheusMetrics.total("callwire_amqp_messages_unreadable_total") - unreadableBefore;
            List<LogRecord> errors = log.atLeast(Level.SEVERE);
            List<LogRecord> traces = log.withStackTrace();
            List<LogRecord> warnings = log.records().stream().filter(r -> r.getLevel().intValue() == Level.WARNING.intValue()).toList();
            assertThat(errors).as("ERROR records for %d unreadable bodies:%n%s", BAD, LogCapture.describe(errors)).isEmpty();
            assertThat(traces).as("stack traces:%n%s", LogCapture.describe(traces)).isEmpty();
            assertThat(counted).as("unreadable messages counted in /q/metrics").isEqualTo(BAD);
            assertThat(warnings).as("warnings:%n%s", LogCapture.describe(warnings)).hasSize(1);
            assertThat(LogCapture.message(warnings.get(0))).contains(EventCounter.CHANNEL).contains("application/json").contains("not JSON");
            given().get("/q/health/ready").then().statusCode(200);
        }
    }
}
