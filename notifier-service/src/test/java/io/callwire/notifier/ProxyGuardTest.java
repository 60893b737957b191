package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.callwire.notifier.service.UrlGuard;
import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.testing.AmqpClientExtension;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The proxy is where Callwire connects, so its host gets the same address rules as a URL's host, when
 * the webhook is saved and before every request; and the IPv6 forms that carry an internal IPv4 address
 * are refused like the address itself.
 */
@QuarkusTest
class ProxyGuardTest {

    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    @Inject
    UrlGuard guard;

    @AfterEach
    void restoreAllowList() {
        guard.replaceAllowList(SendTimeGuardTest.TEST_ALLOW_LIST);
    }

    @Test
    void refusesAProxyOnAMetadataOrInternalAddressWhenSaved() {
        UUID org = UUID.randomUUID();
        for (String host : List.of("169.254.169.254", "10.0.0.7", "[::169.254.169.254]", "[64:ff9b::a9fe:a9fe]",
                "[2002:a9fe:a9fe::1]")) {
            Api.as(org).body("""
                    {"name": "proxied", "url": "https://203.0.113.10/hook", "events": ["QueueStatus"],
                     "proxy": {"type": "HTTP", "host": "%s", "port": 80}}
                    """.formatted(host)).post("/api/v1/webhooks").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("proxy.host"));
        }
    }

    @Test
    void refusesUrlsOnIpv6FormsOfInternalAddresses() {
        UUID org = UUID.randomUUID();
        for (String host : List.of("[::169.254.169.254]", "[::10.0.0.1]", "[64:ff9b::a9fe:a9fe]", "[2002:a9fe:a9fe::]")) {
            Api.as(org).body("""
                    {"name": "v6", "url": "http://%s/hook", "events": ["QueueStatus"]}
                    """.formatted(host)).post("/api/v1/webhooks").then()
                    .statusCode(400).body("errors.field", hasItem("url"));
        }
    }

    @Test
    void aProxyRefusedAfterSavingIsNotContactedAndTheMessageIsDead() {
        try (Receiver proxy = new Receiver()) {
            UUID org = UUID.randomUUID();
            String json = """
                    {"name": "proxied", "url": "http://203.0.113.10/hook", "events": ["QueueStatus"],
                     "retry": {"maxAttempts": 3, "scheduleSeconds": [0, 0.2]},
                     "proxy": {"type": "HTTP", "host": "127.0.0.1", "port": %d}}
                    """.formatted(Integer.parseInt(proxy.url().substring(proxy.url().lastIndexOf(':') + 1)));
            String id = Api.create(org, json);

            // allowed: the request goes through the proxy, in absolute form
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.requests().size() == 1);
            assertThat(proxy.requests().get(0).uri()).isEqualTo("http://203.0.113.10/hook");

            // the proxy's address is no longer allowed (as if its name now resolved somewhere internal)
            guard.replaceAllowList(List.of());
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                List<Map<String, Object>> items = DeliveryTest.deliveries(org, id);
                return items.size() == 2 && "DEAD".equals(items.get(0).get("status"));
            });
            String delivery = (String) DeliveryTest.deliveries(org, id).get(0).get("id");
            Api.as(org).get("/api/v1/deliveries/" + delivery).then().statusCode(200)
                    .body("attempts.size()", equalTo(1))
                    .body("attempts[0].error", equalTo("destination address 127.0.0.1 is not allowed"));
            assertThat(proxy.requests()).hasSize(1);
        }
    }
}
