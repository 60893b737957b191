package io.callwire.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.callwire.testing.AmqpTestClient;
import io.callwire.testing.FreePorts;

class EmbeddedInfrastructureTest {

    @TempDir
    Path checkout;

    @Test
    void keepsDatabaseContentsBetweenRunsAndCarriesAmqpMessages() throws Exception {
        LauncherOptions options = LauncherOptions.parse(new String[0], Map.of(
                "CALLWIRE_PG_PORT", String.valueOf(FreePorts.next()),
                "CALLWIRE_AMQP_PORT", String.valueOf(FreePorts.next())), checkout);
        Files.createDirectories(options.dataDirectory().resolve("logs"));
        String url = "jdbc:postgresql://localhost:" + options.postgresPort() + "/callwire_notifier";

        try (EmbeddedInfrastructure first = EmbeddedInfrastructure.start(options);
                Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("create table kept (note text)");
            statement.execute("insert into kept values ('still here')");

            try (AmqpTestClient client = AmqpTestClient.connect("127.0.0.1", options.amqpPort())) {
                AmqpTestClient.Listener listener = client.listen("callwire.events");
                client.send("callwire.events", "{\"EventType\":\"QueueStatus\"}");
                assertThat(listener.next(Duration.ofSeconds(10))).isNotNull();
            }
        }

        try (EmbeddedInfrastructure second = EmbeddedInfrastructure.start(options);
                Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select note from kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
    }
}
