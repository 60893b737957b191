package io.callwire.auth.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.callwire.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** The hourly check rotates a signing key older than the rotation interval, and only then. */
@QuarkusTest
class ScheduledRotationTest {

    @Inject
    KeyService keys;

    @Inject
    KeyRing ring;

    @Test
    void aKeyOlderThanTheRotationIntervalIsReplacedAndStaysPublished() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> keys.rotateWhenDue());
        String current = ring.signingKey(Instant.now()).kid();
        // a young key is left alone: the check runs again, and the same key still signs
        VertxContextSupport.subscribeAndAwait(() -> keys.rotateWhenDue());
        assertThat(ring.signingKey(Instant.now()).kid()).isEqualTo(current);

        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), PostgresResource.USERNAME, PostgresResource.PASSWORD)) {
            db.createStatement().executeUpdate("update signing_key set created_at = now() - interval '31 days' where retired_at is null");
        }
        VertxContextSupport.subscribeAndAwait(() -> keys.rotateWhenDue());

        String next = ring.signingKey(Instant.now()).kid();
        assertThat(next).isNotEqualTo(current);
        List<String> published = given().get("/.well-known/jwks.json").then().statusCode(200).extract().path("keys.kid");
        assertThat(published).contains(current, next);
    }
}
