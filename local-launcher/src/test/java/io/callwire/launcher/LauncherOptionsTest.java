package io.callwire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

    private final Path root = Path.of("/tmp/callwire-checkout");

    @Test
    void defaultsToTheDocumentedPortsAndDataDirectory() {
        LauncherOptions options = LauncherOptions.parse(new String[0], Map.of(), root);

        assertThat(options.postgresPort()).isEqualTo(5433);
        assertThat(options.amqpPort()).isEqualTo(5672);
        assertThat(options.port("auth-service")).isEqualTo(8081);
        assertThat(options.port("subscription-service")).isEqualTo(8082);
        assertThat(options.port("notifier-service")).isEqualTo(8083);
        assertThat(options.port("admin-ui")).isEqualTo(8080);
        assertThat(options.dataDirectory()).isEqualTo(root.resolve(".callwire-data"));
        assertThat(options.simulator()).isTrue();
    }

    @Test
    void portsMoveWithTheEnvironmentAndTheSimulatorCanBeTurnedOff() {
        LauncherOptions options = LauncherOptions.parse(new String[] {"--no-simulator", "--rate", "5"},
                Map.of("CALLWIRE_AMQP_PORT", "15672", "AUTH_SERVICE_PORT", "18081"), root);

        assertThat(options.amqpPort()).isEqualTo(15672);
        assertThat(options.port("auth-service")).isEqualTo(18081);
        assertThat(options.simulator()).isFalse();
        assertThat(options.simulatorRate()).isEqualTo(5);
    }

    @Test
    void replicasRunOnTheServicesPortsPlusAThousandEachWithAStandaloneBroker() {
        LauncherOptions one = LauncherOptions.parse(new String[0], Map.of(), root);
        assertThat(one.replicasOf("subscription-service")).isEqualTo(1);
        assertThat(one.standaloneBroker()).isFalse();

        LauncherOptions two = LauncherOptions.parse(new String[] {"--replicas", "2"},
                Map.of("SUBSCRIPTION_SERVICE_PORT", "18082", "CALLWIRE_ARTEMIS_HOME", "/opt/artemis"), root);
        assertThat(two.replicasOf("subscription-service")).isEqualTo(2);
        assertThat(two.replicasOf("notifier-service")).isEqualTo(2);
        assertThat(two.replicasOf("auth-service")).isEqualTo(1);
        assertThat(two.port("subscription-service", 1)).isEqualTo(18082);
        assertThat(two.port("subscription-service", 2)).isEqualTo(19082);
        assertThat(two.port("notifier-service", 2)).isEqualTo(9083);
        assertThat(LauncherOptions.replicaName("notifier-service", 2)).isEqualTo("notifier-service-2");
        assertThat(two.standaloneBroker()).isTrue();
        assertThat(two.artemisHome()).contains(Path.of("/opt/artemis"));
    }

    @Test
    void refusesBadOptionsNamingThem() {
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--replicas", "9"}, Map.of(), root))
                .hasMessageContaining("--replicas must be 1-4");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--replicas"}, Map.of(), root))
                .hasMessageContaining("--replicas");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--fast"}, Map.of(), root))
                .hasMessageContaining("--fast");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--rate"}, Map.of(), root))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[0], Map.of("CALLWIRE_PG_PORT", "abc"), root))
                .hasMessageContaining("CALLWIRE_PG_PORT");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[0], Map.of("ADMIN_UI_PORT", "70000"), root))
                .hasMessageContaining("ADMIN_UI_PORT");
    }
}
