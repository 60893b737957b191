package io.callwire.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.callwire.subscription.listener.Channels;
import io.callwire.subscription.listener.EventsChannelContext;
import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.RawHubClient;
import io.quarkus.smallrye.reactivemessaging.runtime.ConnectorContextPropagationDecorator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.PublisherDecorator;

/**
 * The events channel runs without Quarkus's per-message context-propagation executor (see
 * {@link EventsChannelContext}); the other channels keep it. If a Quarkus upgrade renamed the decorator,
 * {@code quarkus.arc.exclude-types} would silently exclude nothing and both would wrap every event: the
 * first test fails then. The second shows what a client notices: events still arrive, in order, after an
 * invalid one that is counted and dropped.
 */
@QuarkusTest
class EventsChannelContextTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    @Any
    Instance<PublisherDecorator> decorators;

    @Test
    void onlyTheEventsChannelSkipsTheConnectorContextExecutor() {
        List<PublisherDecorator> contextDecorators = decorators.stream()
                .filter(ConnectorContextPropagationDecorator.class::isInstance).toList();
        assertThat(contextDecorators).as("connector context-propagation decorators").hasSize(1);
        PublisherDecorator ours = contextDecorators.get(0);
        assertThat(ours).isInstanceOf(EventsChannelContext.class);

        Multi<org.eclipse.microprofile.reactive.messaging.Message<?>> stream = Multi.createFrom().empty();
        assertThat(ours.decorate(stream, List.of(Channels.EVENTS), true)).as("the events channel").isSameAs(stream);
        assertThat(ours.decorate(stream, List.of(Channels.REVOCATIONS), true)).as("the revocations channel").isNotSameAs(stream);
        assertThat(ours.decorate(stream, List.of(Channels.PERMISSION_CHANGES), true)).as("grant changes").isNotSameAs(stream);
    }

    @Test
    void eventsStillReachTheirSubscriberInOrderAndAnInvalidOneIsCountedAndDropped() {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        double droppedBefore = dropped();
        try (RawHubClient client = RawHubClient.connected(base, Api.admin(organization))) {
            JsonNode subscribed = client.invoke("Subscribe",
                    (Object) List.of(Map.of("EntityId", queue.toString(), "EventName", "QueueStatus")));
            assertThat(subscribed.toString()).as("the subscription").doesNotContain("error");

            // valid JSON, but no EntityId: the contract's codec refuses it
            Events.publishRaw("{\"RootEntityType\":\"Organization\",\"RootEntityId\":\"" + organization
                    + "\",\"EventType\":\"QueueStatus\",\"EntityType\":\"Queue\"}", "QueueStatus", "Queue", organization);
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Events.Event event = Events.queueStatus(organization, queue, i);
                sent.add(event.id().toString());
                Events.publish(event);
            }
            List<String> received = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                JsonNode message = client.nextMessage();
                assertThat(message).as("event %d of %d", i + 1, sent.size()).isNotNull();
                received.add(message.path("data").path("id").asText());
            }
            assertThat(received).as("events in the order published").isEqualTo(sent);
            await().atMost(Duration.ofSeconds(10)).until(() -> dropped() - droppedBefore >= 1);
        }
    }

    private static double dropped() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^callwire_rte_events_dropped_total(?:\\{[^}]*})? ([0-9.eE+]+)$").matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }
}
