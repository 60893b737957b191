package io.callwire.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.callwire.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** Expired refresh tokens and stale throttle entries are forgotten; live ones are kept. */
@QuarkusTest
class HousekeepingTest {

    @Inject
    Housekeeping housekeeping;

    @Test
    void forgetsWhatCanNoLongerMatterAndKeepsTheRest() throws Throwable {
        UUID expired = UUID.randomUUID();
        UUID live = UUID.randomUUID();
        String staleKey = "account:stale-" + UUID.randomUUID();
        try (Connection db = connect()) {
            insertRefreshToken(db, expired, "now() - interval '3 days'");
            insertRefreshToken(db, live, "now() + interval '1 hour'");
            try (PreparedStatement statement = db.prepareStatement(
                    "insert into sign_in_throttle (throttle_key, failures, window_started_at) values (?, 3, now() - interval '2 days')")) {
                statement.setString(1, staleKey);
                statement.executeUpdate();
            }
        }

        VertxContextSupport.subscribeAndAwait(() -> housekeeping.forgetExpired());

        try (Connection db = connect()) {
            assertThat(count(db, "select count(*) from refresh_token where id = '" + expired + "'")).isZero();
            assertThat(count(db, "select count(*) from refresh_token where id = '" + live + "'")).isEqualTo(1);
            assertThat(count(db, "select count(*) from sign_in_throttle where throttle_key = '" + staleKey + "'")).isZero();
        }
    }

    private static void insertRefreshToken(Connection db, UUID id, String expiresAt) throws Exception {
        try (PreparedStatement statement = db.prepareStatement("insert into refresh_token (id, token_hash, family_id, subject, organization_id, "
                + "issued_at, expires_at) values (?, ?, ?, ?, ?, now() - interval '4 days', " + expiresAt + ")")) {
            statement.setObject(1, id);
            statement.setString(2, id.toString());
            statement.setObject(3, UUID.randomUUID());
            statement.setObject(4, UUID.randomUUID());
            statement.setObject(5, UUID.randomUUID());
            statement.executeUpdate();
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(PostgresResource.jdbcUrl(), PostgresResource.USERNAME, PostgresResource.PASSWORD);
    }

    private static int count(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
