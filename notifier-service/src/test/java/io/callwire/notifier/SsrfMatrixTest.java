package io.callwire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.notifier.service.UrlGuard;
import io.callwire.notifier.support.Api;
import io.callwire.notifier.support.Events;
import io.callwire.notifier.support.Receiver;
import io.callwire.testing.AmqpClientExtension;
import io.callwire.testing.FreePorts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import jakarta.inject.Inject;

/**
 * SSRF end to end: webhook URLs and proxies aimed at loopback, private ranges, link-local, cloud
 * metadata, the IPv6 forms that carry those addresses, the decimal, octal and hex spellings of IPv4,
 * and names that resolve there, tried at each door (save, update, preview, test-send, and the
 * delivery of a real event). The loopback forms carry the port of a real receiver, so a form that
 * slipped through would show as a request there. And redirects: a receiver answering 30x towards an
 * internal address is not followed.
 */
@QuarkusTest
class SsrfMatrixTest {

    @RegisterExtension
    static final AmqpClientExtension amqp = new AmqpClientExtension();

    @Inject
    UrlGuard guard;

    @AfterEach
    void restoreAllowList() {
        guard.replaceAllowList(SendTimeGuardTest.TEST_ALLOW_LIST);
    }

    /** Every spelling of loopback and of the unspecified address that a parser somewhere might route to this host. */
    static List<String> loopbackForms() {
        List<String> forms = new ArrayList<>(List.of("127.0.0.1", "127.1", "127.0.1", "2130706433", "0x7f000001", "0x7f.0.0.1",
                "0177.0.0.1", "017700000001", "127.000.000.001", "0", "0.0.0.0", "localhost", "LocalHost", "localhost.",
                "[::1]", "[0:0:0:0:0:0:0:1]", "[::]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::127.0.0.1]",
                "[64:ff9b::7f00:1]", "[2002:7f00:1::1]", "[fe80::1%25lo]"));
        try {
            // a name from /etc/hosts (the machine's own name) when it points at this machine
            String own = InetAddress.getLocalHost().getHostName();
            if (Arrays.stream(InetAddress.getAllByName(own)).allMatch(a -> a.isLoopbackAddress() || a.isSiteLocalAddress())) {
                forms.add(own);
            }
        } catch (Exception refusedAnyway) {
            // no such name here
        }
        return forms;
    }

    /** Private ranges, link-local, metadata and the tunnelling forms that carry them. */
    static final List<String> INTERNAL = List.of("10.0.0.1", "172.16.5.4", "192.168.0.1", "100.64.0.1", "169.254.169.254",
            "2852039166", "0xa9fea9fe", "0251.0376.0251.0376", "[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]",
            "[::169.254.169.254]", "[fe80::1]", "[fd00:ec2::254]", "[fc00::1]", "[64:ff9b::a9fe:a9fe]", "[64:ff9b:1::1]",
            "[2002:a9fe:a9fe::]", "[2002:0a00:0001::1]", "[2001:0:4136:e378:8000:63bf:3fff:fdd2]", "[2001:db8::1]",
            "metadata.google.internal", "metadata.google.internal.", "metadata", "224.0.0.1", "255.255.255.255");

    private static String webhook(String url) {
        return """
                {"name": "ssrf", "url": "%s", "method": "POST", "events": ["QueueStatus"], "retry": {"maxAttempts": 1}}
                """.formatted(url);
    }

    private static String url(String host, int port) {
        return "http://" + host + ":" + port + "/hook";
    }

    private static void refusedAsField(Response response, String field, String what) {
        assertThat(response.statusCode()).as(what + ": " + response.asString()).isEqualTo(400);
        assertThat(response.contentType()).as(what).startsWith("application/problem+json");
        assertThat(response.jsonPath().getList("errors.field", String.class)).as(what + ": " + response.asString()).contains(field);
    }

    @Test
    void everyInternalFormIsRefusedAtSaveUpdateAndPreview() {
        try (Receiver receiver = new Receiver()) {
            guard.replaceAllowList(List.of());
            UUID org = UUID.randomUUID();
            String existing = Api.create(org, webhook("https://203.0.113.10/hook"));
            ObjectNode event = Events.of("QueueStatus", org, UUID.randomUUID());
            int port = Integer.parseInt(receiver.url().substring(receiver.url().lastIndexOf(':') + 1));
            List<String> hosts = new ArrayList<>(loopbackForms());
            hosts.addAll(INTERNAL);
            for (String host : hosts) {
                String json = webhook(url(host, port));
                refusedAsField(Api.as(org).body(json).post("/api/v1/webhooks"), "url", "save " + host);
                refusedAsField(Api.as(org).body(json).put("/api/v1/webhooks/" + existing), "url", "update " + host);
                refusedAsField(Api.as(org).body(PreviewTest.preview(json, event)).post("/api/v1/webhooks/preview"), "url",
                        "preview " + host);
                String proxied = """
                        {"name": "proxied", "url": "https://203.0.113.10/hook", "events": ["QueueStatus"],
                         "proxy": {"type": "HTTP", "host": "%s", "port": %d}}
                        """.formatted(host, port);
                refusedAsField(Api.as(org).body(proxied).post("/api/v1/webhooks"), "proxy.host", "proxy " + host);
                refusedAsField(Api.as(org).body(PreviewTest.preview(proxied, event)).post("/api/v1/webhooks/preview"),
                        "proxy.host", "preview of proxy " + host);
            }
            // nothing of it was stored: the organization still has its one webhook
            assertThat(Api.as(org).get("/api/v1/webhooks").then().statusCode(200).extract().<Integer>path("total")).isEqualTo(1);
            assertThat(Api.as(org).get("/api/v1/webhooks/" + existing).then().extract().<String>path("url"))
                    .isEqualTo("https://203.0.113.10/hook");
            assertThat(receiver.requests()).isEmpty();
            System.out.printf("SsrfMatrixTest: %d hosts refused at save, update, preview and as proxy (5 doors each)%n", hosts.size());
        }
    }

    @Test
    void everyLoopbackFormSavedWhileAllowedIsRefusedAtTestSendAndAtSendTime() {
        try (Receiver receiver = new Receiver()) {
            UUID org = UUID.randomUUID();
            int port = Integer.parseInt(receiver.url().substring(receiver.url().lastIndexOf(':') + 1));
            // an operator allow-list admitting everything, so that each form can be saved (as if its name
            // pointed elsewhere at the time), then narrowed to nothing (as if it now pointed here)
            guard.replaceAllowList(List.of("0.0.0.0/0", "::/0"));
            Map<String, String> saved = new java.util.LinkedHashMap<>();
            List<String> refusedAnyway = new ArrayList<>();
            for (String host : loopbackForms()) {
                Response response = Api.as(org).body(webhook(url(host, port))).post("/api/v1/webhooks");
                if (response.statusCode() == 201) {
                    saved.put(host, response.path("id"));
                } else {
                    // ambiguous IPv4 forms, and names that do not resolve here, are refused whatever the allow-list says
                    refusedAsField(response, "url", "save " + host + " even when every address is allowed");
                    refusedAnyway.add(host);
                }
            }
            guard.replaceAllowList(List.of());
            for (Map.Entry<String, String> webhook : saved.entrySet()) {
                Response attempt = Api.as(org).body("{\"event\": \"QueueStatus\"}").post("/api/v1/webhooks/" + webhook.getValue() + "/test");
                assertThat(attempt.statusCode()).as(webhook.getKey()).isEqualTo(200);
                assertThat(attempt.<String>path("outcome")).as(webhook.getKey() + ": " + attempt.asString()).isEqualTo("DEAD");
                assertThat(attempt.<String>path("error")).as(webhook.getKey()).containsAnyOf("is not allowed", "cloud metadata");
            }
            UUID entity = UUID.randomUUID();
            Events.publish(amqp.client(), Events.of("QueueStatus", org, entity));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (Map.Entry<String, String> webhook : saved.entrySet()) {
                    // the event's delivery (the test-send is listed too)
                    List<Map<String, Object>> items = DeliveryTest.deliveries(org, webhook.getValue()).stream()
                            .filter(item -> entity.toString().equals(item.get("entityId"))).toList();
                    assertThat(items).as(webhook.getKey()).hasSize(1);
                    assertThat(items.get(0).get("status")).as(webhook.getKey()).isEqualTo("DEAD");
                    assertThat((String) items.get(0).get("lastError")).as(webhook.getKey()).containsAnyOf("is not allowed", "cloud metadata");
                }
            });
            assertThat(receiver.requests()).as("requests that reached the loopback receiver").isEmpty();
            System.out.printf("SsrfMatrixTest: %d loopback forms saved then refused at test-send and send time; "
                    + "%d refused at save even with every address allowed (ambiguous IPv4 forms, names that do not resolve): %s%n", saved.size(), refusedAnyway.size(), refusedAnyway);
            assertThat(saved).hasSizeGreaterThanOrEqualTo(10);
            assertThat(refusedAnyway).contains("0177.0.0.1", "2130706433", "127.1", "0x7f000001");
        }
    }

    @Test
    void aRedirectTowardsAnInternalAddressIsNotFollowed() throws Exception {
        Vertx vertx = Vertx.vertx();
        List<String> stolen = new CopyOnWriteArrayList<>();
        // the internal service, on another loopback address than the receiver; port 0, bound by the kernel
        // (a port probed free beforehand could be taken by another process before the bind)
        HttpServer victim = vertx.createHttpServer().requestHandler(request -> {
            stolen.add(request.uri());
            request.response().end("secret");
        });
        victim.listen(0, "127.0.0.2").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        int victimPort = victim.actualPort();
        try (Receiver front = new Receiver()) {
            int[] codes = {301, 302, 303, 307, 308};
            front.byDefault(request -> new Receiver.Answer(codes[Math.floorMod(request.body().length() + stolen.size(), codes.length)],
                    Map.of("Location", "http://127.0.0.2:" + victimPort + "/latest/meta-data/"), ""));
            // the receiver's address is allowed, the victim's is not
            guard.replaceAllowList(List.of("127.0.0.1/32"));
            UUID org = UUID.randomUUID();
            String id = Api.create(org, webhook(front.url() + "/hook"));
            for (int code : codes) {
                front.thenAnswer(new Receiver.Answer(code, Map.of("Location", "http://127.0.0.2:" + victimPort + "/latest/meta-data/"), ""));
                Response attempt = Api.as(org).body("{\"event\": \"QueueStatus\"}").post("/api/v1/webhooks/" + id + "/test");
                assertThat(attempt.statusCode()).isEqualTo(200);
                assertThat(attempt.<Integer>path("httpStatus")).isEqualTo(code);
                assertThat(attempt.<String>path("outcome")).as(attempt.asString()).isNotEqualTo("DELIVERED");
            }
            Events.publish(amqp.client(), Events.of("QueueStatus", org, UUID.randomUUID()));
            await().atMost(Duration.ofSeconds(15)).until(() -> front.requests().size() == codes.length + 1);
            await().atMost(Duration.ofSeconds(15)).until(() -> DeliveryTest.deliveries(org, id).stream()
                    .noneMatch(delivery -> "PENDING".equals(delivery.get("status"))));
            assertThat(DeliveryTest.deliveries(org, id)).noneMatch(delivery -> "DELIVERED".equals(delivery.get("status")));
            assertThat(front.requests()).hasSize(codes.length + 1);
            assertThat(stolen).as("requests that followed a redirect to the internal address").isEmpty();
        } finally {
            victim.close();
            vertx.close();
        }
    }

    @Test
    void aFailedConnectionIsReportedInWordsWithoutClassNames() {
        UUID org = UUID.randomUUID();
        // an allowed address where nothing listens: a port probed free, which no server here binds
        String id = Api.create(org, webhook(url("127.0.0.1", FreePorts.next())));
        Response attempt = Api.as(org).body("{\"event\": \"QueueStatus\"}").post("/api/v1/webhooks/" + id + "/test");
        assertThat(attempt.statusCode()).isEqualTo(200);
        // it used to read "AnnotatedConnectException: Connection refused: ..."
        assertThat(attempt.<String>path("error")).startsWith("connection failed").doesNotContain("Exception");
    }
}
