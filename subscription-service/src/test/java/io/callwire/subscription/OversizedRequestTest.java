package io.callwire.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.callwire.contract.security.Roles;
import io.callwire.subscription.support.RawHttp;
import io.callwire.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Oversized tokens and headers at every door of the service (REST, {@code /rte/negotiate}, the
 * {@code /rte} and {@code /socket.io/} upgrades): a clear refusal (400, 401, 413, 414 or 431), never a
 * 500 and never a hung connection, and the service stays ready.
 */
@QuarkusTest
class OversizedRequestTest {

    private static final List<Integer> REFUSALS = List.of(400, 401, 413, 414, 431);
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    @TestHTTPResource("/")
    URI base;

    private static String door(String name) {
        return switch (name) {
            case "rest" -> "GET /api/v1/entities HTTP/1.1\r\n";
            case "negotiate" -> "POST /rte/negotiate?negotiateVersion=1 HTTP/1.1\r\nContent-Length: 0\r\n";
            case "rte" -> "GET /rte HTTP/1.1\r\n" + UPGRADE;
            case "socketio" -> "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n" + UPGRADE;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private RawHttp.Answer send(String door, String headers) {
        return RawHttp.send(base, door(door) + "Host: localhost\r\n" + headers);
    }

    private static void refused(RawHttp.Answer answer, String what) {
        assertThat(answer.status()).as(what + " answered " + answer.text()).isIn(REFUSALS);
        assertThat(answer.text()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @AfterEach
    void theServiceStaysReady() {
        given().get("/q/health/ready").then().statusCode(200);
        // and a normal caller is still served
        assertThat(given().auth().oauth2(TestTokens.access(UUID.randomUUID(), UUID.randomUUID(), Roles.ORG_ADMIN).sign())
                .get("/api/v1/entities").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest", "negotiate", "rte", "socketio"})
    void aHundredKilobyteBearerTokenIsRefused(String door) {
        refused(send(door, "Authorization: Bearer eyJ" + "A".repeat(100 * 1024) + ".e30.sig\r\n"), door);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest", "negotiate", "rte", "socketio"})
    void aMegabyteHeaderIsRefused(String door) {
        refused(send(door, "X-Padding: " + "p".repeat(1024 * 1024) + "\r\n"), door);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest", "negotiate", "rte", "socketio"})
    void tenThousandHeadersAreRefused(String door) {
        String headers = IntStream.range(0, 10_000).mapToObj(i -> "X-H" + i + ": v\r\n").collect(Collectors.joining());
        refused(send(door, headers), door);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest", "negotiate", "rte"})
    void aThousandSmallHeadersWithABadTokenAreAnsweredLikeAnyBadToken(String door) {
        // within the header-size limit: the request reaches the application, which must not choke on the count
        String headers = IntStream.range(0, 1_000).mapToObj(i -> "H" + i + ": v\r\n").collect(Collectors.joining());
        RawHttp.Answer answer = send(door, headers + "Authorization: Bearer not.a.token\r\n");
        assertThat(answer.status()).as(answer.text()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/rte?access_token=", "/api/v1/entities?access_token=", "/socket.io/?EIO=4&transport=polling&sid="})
    void aHundredKilobyteTokenInTheQueryIsRefused(String path) {
        RawHttp.Answer answer = RawHttp.send(base, "GET " + path + "A".repeat(100 * 1024) + " HTTP/1.1\r\nHost: localhost\r\n");
        refused(answer, path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest", "rte"})
    void aSevenKilobyteForgedTokenIsA401(String door) {
        // under every size limit: the JWT parser itself meets it
        String token = "eyJhbGciOiJFUzI1NiJ9." + "A".repeat(7 * 1024) + ".c2ln";
        RawHttp.Answer answer = send(door, "Authorization: Bearer " + token + "\r\n");
        assertThat(answer.status()).as(answer.text()).isEqualTo(401);
    }
}
