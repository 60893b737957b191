package io.callwire.subscription.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.callwire.subscription.support.Api;
import io.callwire.testing.ThrownExceptions;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An authenticated REST request builds its caller from the token's claims without an exception per
 * non-standard claim ({@code org}, {@code sid}, ...): smallrye-jwt's own principal looks each claim's type
 * up with {@code Claims.valueOf}, which throws (and fills in a stack trace about a hundred frames deep on
 * the event loop) for every name the MicroProfile enum does not know. Before the shared kit's principal:
 * two per request.
 */
@QuarkusTest
class ClaimReadingTest {

    private static final int REQUESTS = 20;

    @Test
    void authenticatedRequestsThrowNoExceptionToReadTheirClaims() {
        UUID organization = UUID.randomUUID();
        String token = Api.admin(organization);
        given().auth().oauth2(token).get("/api/v1/entities").then().statusCode(200);

        List<ThrownExceptions.Thrown> thrown = ThrownExceptions.duringOnAnyThread(() -> {
            for (int i = 0; i < REQUESTS; i++) {
                given().auth().oauth2(token).get("/api/v1/entities").then().statusCode(200);
            }
        });

        List<ThrownExceptions.Thrown> claimLookups = thrown.stream()
                .filter(e -> e.message() != null && e.message().contains("org.eclipse.microprofile.jwt.Claims")).toList();
        // every exception of the run, grouped, so that a failure says what else was thrown
        Map<String, Long> all = thrown.stream().collect(Collectors.groupingBy(
                e -> e.className() + ": " + (e.message() == null ? "" : e.message().substring(0, Math.min(100, e.message().length()))),
                TreeMap::new, Collectors.counting()));
        assertThat(claimLookups).as("exceptions thrown to read claims in %d requests (%d exceptions in all: %s)",
                REQUESTS, thrown.size(), all).isEmpty();
    }
}
