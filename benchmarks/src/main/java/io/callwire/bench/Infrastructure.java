package io.callwire.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import io.callwire.embedded.EmbeddedBroker;
import io.callwire.embedded.EmbeddedDatabase;
import io.callwire.testing.FreePorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * What the services need around them, as the local run has it: an embedded PostgreSQL (a child
 * process) with one database per service and an embedded Artemis AMQP 1.0 broker (in this JVM),
 * both on free loopback ports with throw-away data under the work directory.
 */
public final class Infrastructure implements AutoCloseable {

    /** Held: java.util.logging keeps loggers weakly, and a collected one would lose its level. */
    private static final java.util.logging.Logger AUDIT = java.util.logging.Logger.getLogger("org.apache.activemq.audit");

    public static final String[] DATABASES = {"callwire_auth", "callwire_subscription", "callwire_notifier"};

    private final EmbeddedPostgres postgres;
    private final EmbeddedBroker broker;
    private final int postgresPort;
    private final Path postgresData;

    private Infrastructure(EmbeddedPostgres postgres, int postgresPort, Path postgresData, EmbeddedBroker broker) {
        this.postgres = postgres;
        this.postgresData = postgresData;
        this.postgresPort = postgresPort;
        this.broker = broker;
    }

    public static Infrastructure start(Path workDirectory) throws IOException, SQLException {
        Path directory = Files.createTempDirectory(Files.createDirectories(workDirectory), "infra-");
        int pgPort = FreePorts.next();
        EmbeddedPostgres postgres = EmbeddedDatabase.start(pgPort, Optional.of(directory.resolve("postgres")),
                Optional.of(directory.resolve("postgres.log")));
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                EmbeddedDatabase.SUPERUSER, ""); Statement statement = connection.createStatement()) {
            for (String database : DATABASES) {
                statement.execute("create database " + database);
            }
        } catch (SQLException e) {
            postgres.close();
            throw e;
        }
        // Artemis's audit log writes a formatted INFO record for every message consumed: CPU per delivery that a
        // production broker (audit off) does not spend, charged to the broker in every figure (the tests set the
        // same category to WARN)
        AUDIT.setLevel(java.util.logging.Level.WARNING);
        EmbeddedBroker broker = EmbeddedBroker.start("callwire-bench", FreePorts.next(), directory.resolve("artemis"));
        System.out.printf("  embedded PostgreSQL on 127.0.0.1:%d, Artemis (AMQP 1.0) on 127.0.0.1:%d%n", pgPort, broker.port());
        Infrastructure started = new Infrastructure(postgres, pgPort, directory.resolve("postgres"), broker);
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-infrastructure"));
        return started;
    }

    public int amqpPort() {
        return broker.port();
    }

    /** The embedded broker (to shape its queues for a scenario). */
    public EmbeddedBroker broker() {
        return broker;
    }

    /** The postmaster's pid (from its pid file: the process this JVM started was pg_ctl), or 0. */
    public long postgresPid() {
        try {
            return Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Creates one more database on the embedded server (a second build of a service, measured beside the first). */
    public void createDatabase(String database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), EmbeddedDatabase.SUPERUSER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + database);
        }
    }

    /**
     * Transactions committed or rolled back in {@code database} so far, from {@code pg_stat_database}.
     * Every statement the reactive client sends outside a transaction is one, so the growth over a
     * window says how many statements (or transactions) a request cost. Backends report their counts
     * about once a second, so a window's figure is approximate at its edges. -1 when unreadable.
     */
    public long transactions(String database) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), EmbeddedDatabase.SUPERUSER, "");
             var statement = connection.prepareStatement("select xact_commit + xact_rollback from pg_stat_database where datname = ?")) {
            statement.setString(1, database);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : -1;
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    /**
     * The first row of a query on one of the embedded server's databases, as numbers (null columns as NaN),
     * or null when it cannot be read (the harness reports what it could not measure instead of failing).
     */
    public double[] numbers(String database, String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), EmbeddedDatabase.SUPERUSER, "");
             var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (var rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                double[] values = new double[rows.getMetaData().getColumnCount()];
                for (int i = 0; i < values.length; i++) {
                    double value = rows.getDouble(i + 1);
                    values[i] = rows.wasNull() ? Double.NaN : value;
                }
                return values;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    /** Properties pointing a service at its own database and at the broker. */
    public java.util.List<String> serviceProperties(String database) {
        String address = "127.0.0.1:" + postgresPort + "/" + database;
        java.util.List<String> properties = new java.util.ArrayList<>(java.util.List.of(
                "-Dquarkus.datasource.reactive.url=postgresql://" + address,
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://" + address,
                "-Dquarkus.datasource.username=" + EmbeddedDatabase.SUPERUSER,
                "-Dquarkus.datasource.password="));
        properties.addAll(amqpProperties());
        return properties;
    }

    /** JDBC URL of a database on the embedded server, for the soak's look at {@code pg_stat_activity}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
    }

    /** Properties pointing a service at the broker. */
    public java.util.List<String> amqpProperties() {
        return java.util.List.of("-Damqp-host=127.0.0.1", "-Damqp-port=" + broker.port(),
                "-Damqp-username=callwire", "-Damqp-password=callwire");
    }

    private boolean closed;

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        broker.close();
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }
}
