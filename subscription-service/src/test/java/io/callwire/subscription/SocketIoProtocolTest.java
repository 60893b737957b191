package io.callwire.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.Events;
import io.callwire.subscription.support.RawHubClient;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Engine.IO and Socket.IO at the packet level over HTTP long-polling: the handshake, the reference
 * server's errors, the limits, and what the server answers to bad packets.
 * <p>
 * With the module's test heartbeat (a ping every second, a session closed when its ping is not answered
 * within a second), a session lived here only while this test polled and answered it within about a second:
 * the sessions a test sets up and then leaves (the first three of one token) and the pause between one
 * request and the next poll on a loaded machine could see a session closed for a ping, and a test then read
 * a refusal that was not the one it asserts (or none). These tests are about packets, not liveness
 * (SocketIoStreamTest and WebSocketFuzzTest cover pings): they run with the reference server's own heartbeat,
 * which no test here outlasts.
 */
@QuarkusTest
@TestProfile(SocketIoProtocolTest.ReferenceHeartbeat.class)
class SocketIoProtocolTest {

    /**
     * The reference server's defaults: a ping every 25 s, answered within 20 s. SecretsInLogsTest shares
     * this profile to stay the module's last class (profiled classes run after the others).
     */
    public static final class ReferenceHeartbeat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // profile-qualified as application.properties sets them, so that the override is the value looked up;
            // a profile builds the application again: the test resources' build-time settings are given here too
            return Map.of("%test.callwire.socketio.ping-interval", "PT25S", "%test.callwire.socketio.ping-timeout", "PT20S",
                    "quarkus.datasource.devservices.enabled", "false", "quarkus.amqp.devservices.enabled", "false");
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PATH = "/socket.io/";

    @TestHTTPResource("/")
    URI base;

    private static String handshake() throws Exception {
        String open = given().queryParam("EIO", "4").queryParam("transport", "polling").get(PATH)
                .then().statusCode(200).extract().asString();
        assertThat(open).startsWith("0");
        return MAPPER.readTree(open.substring(1)).path("sid").asText();
    }

    private static Response post(String sid, String body) {
        return given().queryParam("EIO", "4").queryParam("transport", "polling").queryParam("sid", sid)
                .contentType("text/plain;charset=UTF-8").body(body).post(PATH);
    }

    private static Response poll(String sid) {
        return given().queryParam("EIO", "4").queryParam("transport", "polling").queryParam("sid", sid).get(PATH);
    }

    /** Polls until a packet other than a ping arrives (pings are answered with pongs). */
    private static String nextPackets(String sid) {
        for (int i = 0; i < 10; i++) {
            Response response = poll(sid);
            String body = response.asString();
            if (response.statusCode() != 200) {
                return response.statusCode() + " " + body;
            }
            List<String> packets = new ArrayList<>(List.of(body.split("\u001e")));
            if (packets.remove("2")) {
                post(sid, "3").then().statusCode(200);
            }
            if (!packets.isEmpty()) {
                return String.join("\u001e", packets);
            }
        }
        throw new AssertionError("only pings");
    }

    @Test
    void theHandshakeAnswersTheOpenPacketWithTheLimits() throws Exception {
        String open = given().queryParam("EIO", "4").queryParam("transport", "polling").get(PATH)
                .then().statusCode(200).contentType("text/plain").extract().asString();
        JsonNode value = MAPPER.readTree(open.substring(1));
        assertThat(value.path("sid").asText()).isNotBlank();
        assertThat(value.path("upgrades").toString()).isEqualTo("[\"websocket\"]");
        assertThat(value.path("pingInterval").asLong()).isEqualTo(25_000);
        assertThat(value.path("pingTimeout").asLong()).isEqualTo(20_000);
        assertThat(value.path("maxPayload").asLong()).isEqualTo(16384);
    }

    @Test
    void badRequestsGetTheErrorsOfTheReferenceServer() {
        given().queryParam("EIO", "3").queryParam("transport", "polling").get(PATH)
                .then().statusCode(400).body("code", equalTo(5)).body("message", equalTo("Unsupported protocol version"));
        given().queryParam("EIO", "4").queryParam("transport", "flashsocket").get(PATH)
                .then().statusCode(400).body("code", equalTo(0)).body("message", equalTo("Transport unknown"));
        poll("no-such-session").then().statusCode(400).body("code", equalTo(1)).body("message", equalTo("Session ID unknown"));
        given().queryParam("EIO", "4").queryParam("transport", "polling").body("40").post(PATH)
                .then().statusCode(400).body("code", equalTo(2));
        assertThat(RawHubClient.upgradeStatus(URI.create(base.toString().replace("http", "ws") + "socket.io/?EIO=4&transport=websocket&sid=nope"),
                Map.of())).isEqualTo(400);
        assertThat(RawHubClient.upgradeStatus(URI.create(base.toString().replace("http", "ws") + "socket.io/?EIO=3&transport=websocket"),
                Map.of())).isEqualTo(400);
    }

    @Test
    void aPayloadBeyondMaxPayloadIs413AndEndsTheSession() throws Exception {
        String sid = handshake();
        post(sid, "4" + "x".repeat(20_000)).then().statusCode(413);
        poll(sid).then().statusCode(400).body("code", equalTo(1));
    }

    @Test
    void anotherNamespaceGetsConnectErrorAndAMalformedPacketEndsTheSession() throws Exception {
        String sid = handshake();
        post(sid, "40/admin,").then().statusCode(200).body(equalTo("ok"));
        assertThat(nextPackets(sid)).isEqualTo("44/admin,{\"message\":\"Invalid namespace\"}");
        post(sid, "40").then().statusCode(200);
        assertThat(nextPackets(sid)).startsWith("40{\"sid\":").contains("\"pid\":");
        post(sid, "42not json").then().statusCode(200);
        poll(sid).then().statusCode(400);
        post(sid, "3").then().statusCode(400).body("code", equalTo(1));
    }

    @Test
    void anInitWithoutTheThreeArgumentsIsRefused() throws Exception {
        String sid = handshake();
        post(sid, "40").then().statusCode(200);
        assertThat(nextPackets(sid)).startsWith("40{");
        post(sid, "42[\"init\",\"boss\",\"x\",\"y\"]").then().statusCode(200);
        assertThat(nextPackets(sid)).isEqualTo("44{\"message\":\"init expects (type, target, id_session) with type api, supervisor or agent\"}");
    }

    @Test
    void oneSessionTokenOpensAtMostTheConfiguredNumberOfStreams() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String session = TestTokens.rte(organization, user, Roles.ORG_ADMIN).sign();
        String init = "42[\"init\",\"supervisor\",\"" + user + "\",\"" + session + "\"]";
        String[] sids = new String[4];
        for (int i = 0; i < 4; i++) {
            sids[i] = handshake();
            post(sids[i], "40").then().statusCode(200);
            assertThat(nextPackets(sids[i])).startsWith("40{");
            post(sids[i], init.replace("42[", "42" + (i + 1) + "[")).then().statusCode(200);
            if (i < 3) {
                assertThat(nextPackets(sids[i])).startsWith("43" + (i + 1) + "[{\"status\":\"ok\"");
            }
        }
        assertThat(nextPackets(sids[3])).isEqualTo("44{\"message\":\"Too many connections for this session\"}");
    }
}
