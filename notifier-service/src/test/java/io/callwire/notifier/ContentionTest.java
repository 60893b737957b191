package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.callwire.notifier.service.EndpointIndex;
import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.notifier.support.Receiver.Answer;
import io.callwire.testing.AmqpClientExtension;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** Several writers of one job or one endpoint: the owner of the lease records, bounded claims, fresh index. */
@QuarkusTest
class ContentionTest {

    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    @Inject
    Pool pool;

    @Inject
    EndpointIndex index;

    static Map<String, Object> delivery(UUID org, String id) {
        return Api.as(org).get("/api/v1/deliveries/" + id).then().statusCode(200).extract().path("");
    }

    @Test
    void anAttemptOvertakenByAResendDoesNotOverwriteTheResendsOutcome() {
        try (Receiver receiver = new Receiver()) {
            // the first request hangs 1.5 s and then fails (not retried); the resent one succeeds at once
            receiver.thenAnswer(Answer.after(1500, 400)).byDefault(200);
            UUID org = UUID.randomUUID();
            String id = Api.create(org, """
                    {"name": "resend", "url": "%s/hook", "events": ["QueueStatus"], "retry": {"maxAttempts": 1}}
                    """.formatted(receiver.url()));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 1
                    && DeliveryTest.deliveries(org, id).size() == 1);
            String delivery = (String) DeliveryTest.deliveries(org, id).get(0).get("id");

            Api.as(org).post("/api/v1/deliveries/" + delivery + "/resend").then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(delivery(org, delivery).get("status")));
            // the first attempt's 400 arrives after the resend was delivered: it must not turn it DEAD
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> receiver.requests().size() == 2);
            assertThat(delivery(org, delivery).get("status")).isEqualTo("DELIVERED");
            assertThat(receiver.requests().get(1).header("webhook-id")).isEqualTo(receiver.requests().get(0).header("webhook-id"));
        }
    }

    @Test
    void aBurstForOneSmallPoolIsNeverRecordedAsConnectionErrors() {
        try (Receiver receiver = new Receiver()) {
            receiver.byDefault(request -> Answer.after(15, 200));
            UUID org = UUID.randomUUID();
            // one connection: without a per-endpoint bound on the claim, one claim queues far more requests than
            // the endpoint's own wait queue holds, and the overflow fails as connection errors (not retried here)
            String id = Api.create(org, """
                    {"name": "small pool", "url": "%s/hook", "events": ["QueueStatus"], "maxConnections": 1,
                     "retry": {"maxAttempts": 1}}
                    """.formatted(receiver.url()));
            int events = 150;
            for (int i = 0; i < events; i++) {
                Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                List<Map<String, Object>> done = Api.as(org).get("/api/v1/webhooks/" + id + "/deliveries?size=200")
                        .then().statusCode(200).extract().path("items");
                return done.size() == events && done.stream().noneMatch(d -> "PENDING".equals(d.get("status")));
            });
            List<Map<String, Object>> dead = Api.as(org).get("/api/v1/webhooks/" + id + "/deliveries?status=DEAD&size=200")
                    .then().statusCode(200).extract().path("items");
            assertThat(dead).isEmpty();
            assertThat(receiver.requests()).hasSize(events);
            Api.as(org).get("/api/v1/webhooks/" + id).then().statusCode(200)
                    .body("status", equalTo("ENABLED"));
        }
    }

    @Test
    void requestsWaitingForAPooledConnectionAreNotTimedOutBeforeTheyAreSent() {
        try (Receiver receiver = new Receiver()) {
            // the endpoint is never slow beyond its timeout: every answer comes 150 ms after the request
            receiver.byDefault(request -> Answer.after(150, 200));
            UUID org = UUID.randomUUID();
            // one connection, 500 ms: up to 8 requests of this endpoint wait here for that connection, the last
            // ~1 s, so a deadline that starts before the connection is obtained expires while the request waits
            String id = Api.create(org, """
                    {"name": "queued", "url": "%s/hook", "events": ["QueueStatus"], "maxConnections": 1,
                     "timeoutMs": 500, "retry": {"maxAttempts": 1}}
                    """.formatted(receiver.url()));
            int events = 40;
            for (int i = 0; i < events; i++) {
                Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                List<Map<String, Object>> done = Api.as(org).get("/api/v1/webhooks/" + id + "/deliveries?size=100")
                        .then().statusCode(200).extract().path("items");
                return done.size() == events && done.stream().noneMatch(d -> "PENDING".equals(d.get("status")));
            });
            List<Map<String, Object>> all = Api.as(org).get("/api/v1/webhooks/" + id + "/deliveries?size=100")
                    .then().statusCode(200).extract().path("items");
            assertThat(all).extracting(d -> d.get("lastError")).containsOnlyNulls();
            assertThat(all).allSatisfy(d -> {
                assertThat(d.get("status")).isEqualTo("DELIVERED");
                assertThat(d.get("attemptCount")).isEqualTo(1);
            });
            // each message was sent once: nothing lost, nothing sent twice
            assertThat(receiver.requests()).extracting(r -> r.header("webhook-id")).hasSize(events).doesNotHaveDuplicates();
            // the attempt's latency is the request's own time, not the wait for the connection
            String delivery = (String) all.get(0).get("id");
            Number latency = Api.as(org).get("/api/v1/deliveries/" + delivery).then().statusCode(200)
                    .extract().path("attempts[0].latencyMs");
            assertThat(latency.longValue()).isLessThan(500L);
        }
    }

    @Test
    void aChangeWrittenWithAnOlderClockReachesTheIndex() {
        UUID org = UUID.randomUUID();
        String first = Api.create(org, DeliveryTest.webhook("http://127.0.0.1:9/a", null));
        Api.create(org, DeliveryTest.webhook("http://127.0.0.1:9/b", null));
        await().atMost(Duration.ofSeconds(5)).until(() -> index.cached(UUID.fromString(first)) != null);
        // another replica whose clock is behind disables the first endpoint: count and max(updated_at) stay the same
        pool.preparedQuery("UPDATE webhook SET status = 'DISABLED', updated_at = '2001-01-01T00:00:00Z' WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(first))).await().indefinitely();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> !index.cached(UUID.fromString(first)).isEnabled());
    }

    @Test
    void aRecoverIsNotUndoneByAReplicaWhoseIndexStillSeesTheEndpointDisabled() {
        try (Receiver receiver = new Receiver()) {
            receiver.byDefault(410);
            UUID org = UUID.randomUUID();
            String id = Api.create(org, """
                    {"name": "recover", "url": "%s/hook", "events": ["QueueStatus"], "retry": {"maxAttempts": 1}}
                    """.formatted(receiver.url()));
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(10)).until(() -> "DISABLED".equals(
                    Api.as(org).get("/api/v1/webhooks/" + id).then().extract().path("status")));
            await().atMost(Duration.ofSeconds(5)).until(() -> !index.cached(UUID.fromString(id)).isEnabled());
            receiver.byDefault(200);

            // enabled through another replica whose change this one has not heard of yet: the trigger that
            // counts and notifies changes is skipped for this write, so this replica's index keeps saying DISABLED
            pool.withTransaction(c -> c.query("SET LOCAL session_replication_role = replica").execute()
                            .chain(() -> c.preparedQuery("UPDATE webhook SET status = 'ENABLED' WHERE id = $1")
                                    .execute(Tuple.of(UUID.fromString(id)))))
                    .await().indefinitely();
            assertThat(index.cached(UUID.fromString(id)).isEnabled()).isFalse();
            Api.as(org).post("/api/v1/webhooks/" + id + "/recover?since=2000-01-01T00:00:00Z").then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                List<Map<String, Object>> items = DeliveryTest.deliveries(org, id);
                return "DELIVERED".equals(items.get(0).get("status"));
            });
        }
    }
}
