package io.callwire.simulator;

import io.callwire.contract.event.EventCodec;
import io.callwire.contract.messaging.Addresses;
import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.AmqpTestClient;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged tool, as a user runs it: {@code java -jar simulator/target/simulator.jar}. */
class SimulatorJarIT {

    private static final Path JAR = Path.of("target", "simulator.jar");
    /** The embedded broker does not check it; it only has to stay out of the logs. */
    private static final String PASSWORD = "pw-7f3a9c";

    @Test
    void printsItsUsage() throws Exception {
        Result result = run("--help");
        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).startsWith("Usage: java -jar simulator.jar").contains("--demo", "--rate", "--count");
    }

    @Test
    void refusesBadOptionsWithExitCode2() throws Exception {
        Result result = run("--users", "none");
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.stderr).contains("--users must be a whole number, got 'none'");
    }

    @Test
    void publishesTheDemoTrafficToTheBroker() throws Exception {
        try (AmqpTestClient client = AmqpTestClient.connect()) {
            AmqpTestClient.Listener listener = client.listen(Addresses.EVENTS);
            Result result = run("--host", AmqpBrokerResource.host(), "--port", String.valueOf(AmqpBrokerResource.port()),
                    "--username", "callwire", "--demo", "--rate", "100", "--count", "50");
            assertThat(result.exitCode).as(result.stderr).isZero();
            EventCodec codec = new EventCodec();
            for (int i = 0; i < 50; i++) {
                AmqpTestClient.Received message = listener.next(Duration.ofSeconds(10));
                assertThat(message).as("message %d", i).isNotNull();
                assertThat(codec.decode(message.body()).organizationId()).isEqualTo(DemoTenant.ORGANIZATION_ID);
            }
            assertThat(result.stderr).as("the password is never logged").contains("Connected to amqp://")
                    .doesNotContain(PASSWORD);
        }
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("run after package").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        File out = Files.createTempFile("simulator-out", ".txt").toFile();
        File err = Files.createTempFile("simulator-err", ".txt").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
        builder.environment().put("AMQP_PASSWORD", PASSWORD);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the simulator exits").isTrue();
            return new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            out.delete();
            err.delete();
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
