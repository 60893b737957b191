package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.messaging.Addresses;
import io.callwire.notifier.service.IngestService;
import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.testing.AmqpClientExtension;
import io.callwire.testing.AmqpTestClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * OpenTelemetry trace context as an operator sees it (spans are not exported in tests, but the context
 * travels): on the webhook requests the notifier makes, which continue the trace of their own event, and
 * on the receipts it publishes. The module's README, "Tracing", says what is carried where.
 */
@QuarkusTest
class TraceContextTest {

    /** W3C Trace Context, version 00: trace id, parent (span) id, flags; lower-case hex only. */
    static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    /** The application property the SmallRye AMQP connector reads and writes the context in. */
    static final String PROPERTY = "traceparent";

    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    /** The trace id of a valid {@code traceparent} (ids not all zeros: the W3C format calls those invalid). */
    static String traceId(Object traceparent) {
        assertThat(traceparent).as("traceparent").isInstanceOf(String.class);
        Matcher matcher = TRACEPARENT.matcher((String) traceparent);
        assertThat(matcher.matches()).as("W3C traceparent: %s", traceparent).isTrue();
        assertThat(matcher.group(1)).as("trace id of %s", traceparent).isNotEqualTo("0".repeat(32));
        assertThat(matcher.group(2)).as("parent id of %s", traceparent).isNotEqualTo("0".repeat(16));
        return matcher.group(1);
    }

    /** A publisher's {@code traceparent} in a fresh trace, sampled. */
    static String newTraceparent() {
        return "00-" + hex(16) + "-" + hex(8) + "-01";
    }

    static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros
        return HexFormat.of().formatHex(random);
    }

    @Test
    void aWebhookRequestCarriesAW3cTraceparent() {
        try (Receiver receiver = new Receiver()) {
            UUID org = UUID.randomUUID();
            Api.create(org, DeliveryTest.webhook(receiver.url() + "/traced", null));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));

            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests().size() == 1);
            traceId(receiver.requests().get(0).header(PROPERTY));
        }
    }

    @Test
    void aReceiptOnCallwireDeliveriesCarriesATraceparent() {
        try (Receiver receiver = new Receiver()) {
            AmqpTestClient.Listener receipts = amqp.client().listen(Addresses.DELIVERIES);
            UUID org = UUID.randomUUID();
            Api.create(org, DeliveryTest.webhook(receiver.url() + "/receipt", null));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));

            AmqpTestClient.Received receipt = null;
            for (int i = 0; i < 20 && receipt == null; i++) {
                AmqpTestClient.Received next = receipts.next(Duration.ofSeconds(5));
                if (next != null && DeliveryTest.json(next.body()).path("organizationId").asText().equals(org.toString())) {
                    receipt = next;
                }
            }
            assertThat(receipt).as("the delivery's receipt").isNotNull();
            traceId(receipt.applicationProperties().get(PROPERTY));
        }
    }

    /**
     * Each event's trace goes on to its own webhook requests, the first attempt and the retry alike (the
     * trace context is stored with the job and restored around each attempt), and to the receipt of each
     * attempt, in a batch of events of two organizations, whatever the order they are sent in. Every event
     * has a trace of its own, so this also says that no request or receipt carries another event's trace.
     * Before, the requests of events ingested together ran in the Vert.x context of their batch and carried
     * one of its events' trace (19 of 20 requests in a run on 2026-12-01); receipts, published in batches
     * after the statement that recorded them, carried the trace of whatever ran last there, of another
     * organization as easily as of the same one.
     */
    @Test
    void everyWebhookRequestAndReceiptContinuesTheTraceOfItsOwnEvent() {
        try (Receiver receiver = new Receiver()) {
            AmqpTestClient.Listener receipts = amqp.client().listen(Addresses.DELIVERIES);
            receiver.thenAnswer(Receiver.Answer.of(500)); // one retry among the first attempts
            List<UUID> organizations = List.of(UUID.randomUUID(), UUID.randomUUID());
            Map<UUID, UUID> webhookOf = new HashMap<>();
            for (UUID org : organizations) {
                webhookOf.put(org, UUID.fromString(Api.create(org, DeliveryTest.webhook(receiver.url() + "/" + org, null))));
            }
            Map<String, String> traceOfEvent = new HashMap<>();
            Map<String, String> traceOfMessage = new HashMap<>();
            int events = 20;
            for (int i = 0; i < events; i++) {
                UUID org = organizations.get(i % 2);
                ObjectNode event = Events.of("QueueStatus", org, UUID.randomUUID());
                String traceparent = newTraceparent();
                String eventId = event.get("Id").asText();
                traceOfEvent.put(eventId, traceparent.substring(3, 35));
                traceOfMessage.put(IngestService.messageId(UUID.fromString(eventId), webhookOf.get(org)).toString(),
                        traceparent.substring(3, 35));
                Events.publish(amqp.client(), event, Map.of(PROPERTY, traceparent));
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests().size() == events + 1);
            Map<String, Integer> requestsOfEvent = new HashMap<>();
            for (Receiver.Request request : receiver.requests()) {
                String eventId = DeliveryTest.json(request.body()).get("Id").asText();
                requestsOfEvent.merge(eventId, 1, Integer::sum);
                assertThat(traceId(request.header(PROPERTY)))
                        .as("trace of request %d for event %s (to %s)", requestsOfEvent.get(eventId), eventId, request.path())
                        .isEqualTo(traceOfEvent.get(eventId));
            }
            assertThat(requestsOfEvent).as("requests per event").hasSize(events).containsValue(2);

            // one receipt per attempt: the failed first attempt's (FAILED) and one DELIVERED per event
            int receiptsOfTheseEvents = 0;
            for (int i = 0; i < 200 && receiptsOfTheseEvents < events + 1; i++) {
                AmqpTestClient.Received receipt = receipts.next(Duration.ofSeconds(5));
                if (receipt == null) {
                    break;
                }
                String messageId = DeliveryTest.json(receipt.body()).path("messageId").asText();
                if (traceOfMessage.containsKey(messageId)) {
                    receiptsOfTheseEvents++;
                    assertThat(traceId(receipt.applicationProperties().get(PROPERTY)))
                            .as("trace of a receipt of message %s", messageId).isEqualTo(traceOfMessage.get(messageId));
                }
            }
            assertThat(receiptsOfTheseEvents).as("receipts of these events' attempts").isEqualTo(events + 1);
        }
    }

    /** A traceparent that cannot be read does not hold up the delivery: its request starts a trace of its own. */
    @Test
    void anEventWithAMalformedTraceparentIsDeliveredInATraceOfItsOwn() {
        try (Receiver receiver = new Receiver()) {
            UUID org = UUID.randomUUID();
            Api.create(org, DeliveryTest.webhook(receiver.url() + "/malformed", null));
            String malformed = "00-" + "x".repeat(32) + "-" + hex(8) + "-01";
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()),
                    Map.of(PROPERTY, malformed));

            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests().size() == 1);
            assertThat(receiver.requests().get(0).header(PROPERTY)).isNotEqualTo(malformed);
            traceId(receiver.requests().get(0).header(PROPERTY));
        }
    }
}
