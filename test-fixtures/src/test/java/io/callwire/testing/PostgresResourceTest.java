package io.callwire.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PostgresResourceTest {

    @Test
    void startsARealPostgresThatKeepsWhatIsWritten() throws Exception {
        Map<String, String> config = new PostgresResource().start();
        assertThat(config.get("quarkus.datasource.reactive.url")).startsWith("postgresql://127.0.0.1:");

        try (Connection connection = DriverManager.getConnection(PostgresResource.jdbcUrl(),
                PostgresResource.USERNAME, PostgresResource.PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists fixture_probe (id int primary key, note text)");
            statement.execute("insert into fixture_probe values (1, 'written') on conflict (id) do update set note = excluded.note");
            try (ResultSet rows = statement.executeQuery("select note, version() from fixture_probe where id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("written");
                assertThat(rows.getString(2)).startsWith("PostgreSQL 17");
            }
        }
    }
}
