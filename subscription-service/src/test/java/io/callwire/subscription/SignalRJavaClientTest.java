package io.callwire.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.HubConnectionState;
import com.microsoft.signalr.TransportEnum;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Api;
import io.callwire.subscription.support.Events;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reactivex.rxjava3.core.Single;

/**
 * The Microsoft SignalR Java client, unchanged, against the hub: negotiated and skipping
 * negotiation, it subscribes, receives an event published to the real broker, and unsubscribes.
 */
@QuarkusTest
class SignalRJavaClientTest {

    @TestHTTPResource("/rte")
    URI hubUrl;

    @SuppressWarnings({"rawtypes", "unchecked"})
    @Test
    void negotiatedClientSubscribesReceivesAQueueEventAndUnsubscribes() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID queue = Api.entity(organization, "Queue");
        String token = TestTokens.user(organization, UUID.randomUUID(), Roles.ORG_ADMIN).sign();
        HubConnection connection = HubConnectionBuilder.create(hubUrl.toString())
                .withAccessTokenProvider(Single.just(token)).build();
        BlockingQueue<Map> received = new LinkedBlockingQueue<>();
        connection.on("MessageReceived", received::add, Map.class);
        connection.start().blockingAwait(10, TimeUnit.SECONDS);
        try {
            assertThat(connection.getConnectionState()).isEqualTo(HubConnectionState.CONNECTED);
            assertThat(connection.getConnectionId()).isNotBlank();

            List<Map> results = connection.invoke(List.class, "Subscribe",
                    List.of(Map.of("EntityId", queue.toString(), "EventName", "QueueStatus"))).blockingGet();
            assertThat(results).hasSize(1);
            assertThat(results.get(0)).containsEntry("subscribed", true).containsEntry("entityId", queue.toString())
                    .containsEntry("eventName", "queuestatus");

            Events.publish(Events.queueStatus(organization, queue, 7));
            Map message = received.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("MessageReceived").isNotNull();
            Map subscription = (Map) message.get("subscription");
            Map data = (Map) message.get("data");
            assertThat(subscription).containsEntry("eventType", "QueueStatus").containsEntry("entityType", "Queue")
                    .containsEntry("entityId", queue.toString()).containsEntry("organizationId", organization.toString())
                    .containsEntry("rootEntityType", "Organization").containsEntry("allEntities", false);
            assertThat(data).containsEntry("eventType", "QueueStatus").containsEntry("queueId", queue.toString())
                    .containsEntry("nbrOfQueuingRequesters", 7.0); // Gson: numbers arrive as Double

            List<Map> unsubscribed = connection.invoke(List.class, "Unsubscribe",
                    List.of(Map.of("EntityId", queue.toString(), "EventName", "QueueStatus"))).blockingGet();
            assertThat(unsubscribed.get(0)).containsEntry("subscribed", false);
            List<Map> active = connection.invoke(List.class, "ActiveSubscriptions").blockingGet();
            assertThat(active).isEmpty();
        } finally {
            connection.stop().blockingAwait(10, TimeUnit.SECONDS);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    @Test
    void clientSkippingNegotiationGetsItsOwnUserEvents() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String token = TestTokens.user(organization, user, Roles.AGENT).sign();
        HubConnection connection = HubConnectionBuilder.create(hubUrl.toString())
                .withAccessTokenProvider(Single.just(token))
                .shouldSkipNegotiate(true).withTransport(TransportEnum.WEBSOCKETS).build();
        BlockingQueue<Map> received = new LinkedBlockingQueue<>();
        connection.on("MessageReceived", received::add, Map.class);
        connection.start().blockingAwait(10, TimeUnit.SECONDS);
        try {
            List<Map> results = connection.invoke(List.class, "Subscribe",
                    List.of(Map.of("entityId", user.toString(), "eventName", "userstatus"))).blockingGet();
            assertThat(results.get(0)).containsEntry("subscribed", true).containsEntry("message", null);

            Events.publish(Events.userStatus(organization, user, true));
            Map message = received.poll(10, TimeUnit.SECONDS);
            assertThat(message).isNotNull();
            assertThat((Map) message.get("data")).containsEntry("userId", user.toString()).containsEntry("available", true);

            assertThat(connection.invoke(Boolean.class, "UnsubscribeAll").blockingGet()).isTrue();
            assertThat(connection.invoke(List.class, "ActiveSubscriptions").blockingGet()).isEmpty();
        } finally {
            connection.stop().blockingAwait(10, TimeUnit.SECONDS);
        }
    }
}
