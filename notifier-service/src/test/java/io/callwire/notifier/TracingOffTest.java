package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.callwire.contract.messaging.Addresses;
import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.testing.AmqpClientExtension;
import io.callwire.testing.AmqpTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Tracing turned off as Quarkus documents it ({@code quarkus.otel.sdk.disabled=true}): the notifier sends no
 * trace context, neither on its webhook requests nor on its receipts, whether the event came with a
 * {@code traceparent} or not. The module's README, "Tracing".
 *
 * <p>Quarkus runs the classes of one profile together, the group placed where its first class falls in the
 * {@code @Order} order: ordered next to last, this profile's group runs after every class without a profile,
 * and SecretsInLogsTest, which shares it, last of all.
 */
@QuarkusTest
@TestProfile(TracingOffTest.SdkDisabled.class)
@Order(Integer.MAX_VALUE - 1)
class TracingOffTest {

    /** The OpenTelemetry SDK off. SecretsInLogsTest shares this profile (see above). */
    public static final class SdkDisabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a profile builds the application again: the test resources' build-time settings are given here too
            return Map.of("quarkus.otel.sdk.disabled", "true",
                    "quarkus.datasource.devservices.enabled", "false", "quarkus.amqp.devservices.enabled", "false");
        }
    }

    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    /**
     * Before, each receipt carried a {@code traceparent} all the same, of a sampled span that no backend
     * records: the SDK switch did not reach the AMQP connector's tracing.
     */
    @Test
    void neitherWebhookRequestsNorReceiptsCarryATraceparent() {
        try (Receiver receiver = new Receiver()) {
            AmqpTestClient.Listener receipts = amqp.client().listen(Addresses.DELIVERIES);
            UUID org = UUID.randomUUID();
            Api.create(org, DeliveryTest.webhook(receiver.url() + "/untraced", null));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()),
                    Map.of(TraceContextTest.PROPERTY, TraceContextTest.newTraceparent()));

            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests().size() == 2);
            List<Map<String, Object>> receiptProperties = new ArrayList<>();
            for (int i = 0; i < 20 && receiptProperties.size() < 2; i++) {
                AmqpTestClient.Received next = receipts.next(Duration.ofSeconds(5));
                if (next != null && DeliveryTest.json(next.body()).path("organizationId").asText().equals(org.toString())) {
                    receiptProperties.add(next.applicationProperties());
                }
            }
            assertThat(receiptProperties).as("the deliveries' receipts").hasSize(2);

            assertThat(receiver.requests()).extracting(request -> request.header(TraceContextTest.PROPERTY))
                    .as("traceparent of the webhook requests").containsOnlyNulls();
            assertThat(receiptProperties).extracting(properties -> properties.get(TraceContextTest.PROPERTY))
                    .as("traceparent of the receipts").containsOnlyNulls();
        }
    }
}
