package io.callwire.simulator;

import io.callwire.contract.messaging.Addresses;
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.AmqpTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return SimulatorMain.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        assertThat(run(Map.of(), "--rate", "oops", "--help")).isZero();
        String usage = out.toString(StandardCharsets.UTF_8);
        assertThat(usage).contains("--host", "default localhost", "--port", "default 5672", "--username", "--password",
                "--address", "callwire.events", "--organizations", "--users", "default 10", "--queues", "default 3",
                "--call-lists", "default 2", "--rate", "default 20", "--seed", "default 42", "--count", "--duration",
                "--demo", "--max-in-flight", "default 1024", "AMQP_PASSWORD");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--bogus                     | unknown option --bogus",
        "--rate                      | --rate needs a value",
        "--rate fast                 | --rate must be a number, got 'fast'",
        "--rate 0                    | rate must be more than 0",
        "--port 70000                | port must be between 1 and 65535",
        "--port=abc                  | --port must be a whole number, got 'abc'",
        "--users 0                   | users must be at least 1",
        "--queues -1                 | queues must be at least 1",
        "--call-lists -2             | call lists must not be negative",
        "--organizations 0           | organizations must be at least 1",
        "--count -5                  | count must not be negative",
        "--duration soon             | --duration must be like 90s, 5m, 1h or PT90S, got 'soon'",
        "--seed 1.5                  | --seed must be a whole number, got '1.5'",
        "--password secret           | a password (--password or AMQP_PASSWORD) needs a user name",
        "--demo=yes                  | --demo takes no value",
        "--host --demo               | --host needs a value",
    })
    void rejectsBadOptionsWithAClearMessageAndExitCode2(String args, String message) {
        assertThat(run(Map.of(), args.split(" "))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(message).contains("--help");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void readsOptionsAndTheBrokerSettingsFromTheEnvironment() throws Exception {
        SimulatorConfig config = SimulatorArguments.parse(new String[] {"--port", "5673", "--users=4", "--rate", "2.5",
            "--duration", "2m", "--count", "100", "--demo", "--seed", "9"},
                Map.of("AMQP_HOST", "broker.internal", "AMQP_PORT", "5999", "AMQP_USERNAME", "sim", "AMQP_PASSWORD", "pw"))
                .config();
        assertThat(config.host()).isEqualTo("broker.internal");
        assertThat(config.port()).isEqualTo(5673); // the option wins over the environment
        assertThat(config.username()).isEqualTo("sim");
        assertThat(config.password()).isEqualTo("pw");
        assertThat(config.usersPerOrganization()).isEqualTo(4);
        assertThat(config.rate()).isEqualTo(2.5);
        assertThat(config.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.maxEvents()).isEqualTo(100);
        assertThat(config.demo()).isTrue();
        assertThat(config.seed()).isEqualTo(9);
        assertThat(config.toString()).doesNotContain("pw");
        assertThat(SimulatorArguments.duration("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(SimulatorArguments.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(SimulatorArguments.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void publishesTheRequestedCountAndExitsWith0() {
        try (AmqpTestClient client = AmqpTestClient.connect()) {
            AmqpTestClient.Listener listener = client.listen(Addresses.EVENTS);
            int code = run(Map.of("AMQP_USERNAME", "callwire", "AMQP_PASSWORD", "callwire"), "--host",
                    AmqpBrokerResource.host(), "--port", String.valueOf(AmqpBrokerResource.port()), "--demo",
                    "--rate", "200", "--count", "40");
            assertThat(code).isZero();
            for (int i = 0; i < 40; i++) {
                assertThat(listener.next(Duration.ofSeconds(10))).as("message %d", i).isNotNull();
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).as("logs go to the log, not stdout").isEmpty();
        }
    }
}
