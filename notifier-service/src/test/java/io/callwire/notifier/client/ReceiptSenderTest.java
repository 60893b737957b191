package io.callwire.notifier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.callwire.contract.messaging.Addresses;
import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.EmbeddedBrokerExtension;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * {@link ReceiptSender} against a real embedded Artemis: a receipt arrives on {@code callwire.deliveries} as the
 * connector sent it (JSON, its properties, the trace it continues), and the link is opened again after the broker
 * went away, without a connection attempt per receipt meanwhile.
 */
class ReceiptSenderTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

    @RegisterExtension
    final EmbeddedBrokerExtension broker = new EmbeddedBrokerExtension();
    private Vertx vertx;
    private ReceiptSender sender;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        // a propagating OpenTelemetry without an SDK: its spans are not recorded but continue their parent's trace
        OpenTelemetry openTelemetry = OpenTelemetry.propagating(ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
        sender = new ReceiptSender(broker.client(vertx), openTelemetry, false, true);
    }

    @AfterEach
    void stop() {
        sender.stop(null);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aReceiptArrivesWithItsPropertiesAndTheTraceOfItsEvent() {
        try (AmqpTestClient client = broker.connect()) {
            AmqpTestClient.Listener receipts = client.listen(Addresses.DELIVERIES);
            sent(sender.send("{\"status\":\"DELIVERED\"}", "QueueStatus", "org-1", eventTrace()));

            AmqpTestClient.Received receipt = receipts.next(Duration.ofSeconds(10));
            assertThat(receipt.body()).isEqualTo("{\"status\":\"DELIVERED\"}");
            assertThat(receipt.applicationProperties()).containsEntry(Addresses.PROPERTY_EVENT_TYPE, "QueueStatus")
                    .containsEntry(Addresses.PROPERTY_ORGANIZATION_ID, "org-1");
            assertThat((String) receipt.applicationProperties().get("traceparent")).contains(TRACE_ID);
        }
    }

    @Test
    void afterTheBrokerWentAwayReceiptsFailAtOnceUntilTheLinkIsOpenedAgain() throws Exception {
        try (AmqpTestClient client = broker.connect()) {
            sent(sender.send("{\"n\":1}", null, null, Context.root()));
        }
        broker.stop();
        Future<Void> whileAway = sender.send("{\"n\":2}", null, null, Context.root());
        assertThat(whileAway.toCompletionStage().toCompletableFuture().handle((ok, failure) -> failure)
                .get(5, TimeUnit.SECONDS)).as("a receipt sent while the broker is away").isNotNull();
        // within the pause after a failure no connection is tried: the receipt fails at once, saying why
        Future<Void> atOnce = sender.send("{\"n\":3}", null, null, Context.root());
        assertThat(atOnce.failed()).isTrue();
        assertThat(atOnce.cause().getMessage()).startsWith("no link to the broker");

        broker.start();
        try (AmqpTestClient client = broker.connect()) {
            AmqpTestClient.Listener receipts = client.listen(Addresses.DELIVERIES);
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                    .until(() -> sender.send("{\"n\":4}", null, null, Context.root())
                            .toCompletionStage().toCompletableFuture().handle((ok, failure) -> failure == null)
                            .get(5, TimeUnit.SECONDS));
            assertThat(receipts.next(Duration.ofSeconds(10)).body()).isEqualTo("{\"n\":4}");
        }
    }

    private static Context eventTrace() {
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE_ID, "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault())));
    }

    private static void sent(Future<Void> future) {
        future.toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
