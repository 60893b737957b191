package io.callwire.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.callwire.testing.FreePorts;

/**
 * {@code ./run-local.sh} as a person uses it, against the packaged services: a second start while
 * the first runs is refused and harms nothing, and a service that dies ends the whole run instead
 * of leaving a half-working suite behind.
 */
class RunLocalIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path data;

    private Process first;

    @Test
    void secondStartIsRefusedAndADeadServiceStopsTheRun() throws Exception {
        Map<String, String> environment = environment();
        Path firstOutput = data.resolve("first.out");
        first = runLocal(environment, firstOutput);
        awaitOutput(first, firstOutput, "Callwire is running", Duration.ofSeconds(240));
        List<String> started = Files.readAllLines(data.resolve("run/pids"));

        Path secondOutput = data.resolve("second.out");
        Process second = runLocal(environment, secondOutput);
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second start returns at once").isTrue();
        assertThat(second.exitValue()).isEqualTo(1);
        assertThat(Files.readString(secondOutput)).contains("Callwire is already running from " + data);
        assertThat(first.isAlive()).as("the first run survives the second start").isTrue();
        assertThat(started).allSatisfy(line -> assertThat(alive(line)).as(line).isTrue());
        assertThat(ready(environment.get("AUTH_SERVICE_PORT"))).isTrue();

        long subscription = pidOf(started, "subscription-service");
        ProcessHandle.of(subscription).orElseThrow().destroyForcibly();

        assertThat(first.waitFor(90, TimeUnit.SECONDS)).as("the run ends when a service dies").isTrue();
        assertThat(first.exitValue()).isNotZero();
        assertThat(Files.readString(firstOutput))
                .contains("subscription-service (pid " + subscription + ") exited unexpectedly");
        awaitNoneAlive(started, Duration.ofSeconds(30), firstOutput);
    }

    /** Processes end a moment after the signal that ends them: give them that moment, no more. */
    private static void awaitNoneAlive(List<String> pidsLines, Duration timeout, Path output) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (pidsLines.stream().anyMatch(RunLocalIT::alive) && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        String log = Files.readString(output);
        assertThat(pidsLines).allSatisfy(line -> assertThat(alive(line)).as("left running: %s%n%s", line, log).isFalse());
    }

    @AfterEach
    void stopWhatIsLeft() throws Exception {
        if (first != null && first.isAlive()) {
            first.destroy();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        Path pids = data.resolve("run/pids");
        if (Files.exists(pids)) {
            for (String line : Files.readAllLines(pids)) {
                ProcessHandle.of(Long.parseLong(line.split(" ")[0])).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("CALLWIRE_DATA_DIR", data.toString());
        for (String name : List.of("CALLWIRE_PG_PORT", "CALLWIRE_AMQP_PORT", "AUTH_SERVICE_PORT",
                "SUBSCRIPTION_SERVICE_PORT", "NOTIFIER_SERVICE_PORT", "ADMIN_UI_PORT")) {
            environment.put(name, String.valueOf(FreePorts.next()));
        }
        return environment;
    }

    private Process runLocal(Map<String, String> environment, Path output) throws IOException {
        for (String module : List.of("auth-service", "subscription-service", "notifier-service", "admin-ui")) {
            assertThat(ServiceProcess.runnableJar(ROOT, module)).as("packaged by the reactor before this test").isRegularFile();
        }
        ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("run-local.sh").toString(),
                "--no-build", "--no-simulator")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static void awaitOutput(Process process, Path output, String text, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!Files.readString(output).contains(text)) {
            assertThat(process.isAlive()).as("run-local ended early:%n%s", Files.readString(output)).isTrue();
            assertThat(Instant.now()).as("no '%s' after %s:%n%s", text, timeout, Files.readString(output))
                    .isBefore(deadline);
            Thread.sleep(250);
        }
    }

    private static boolean alive(String pidsLine) {
        return ProcessHandle.of(Long.parseLong(pidsLine.split(" ")[0])).map(ProcessHandle::isAlive).orElse(false);
    }

    private static long pidOf(List<String> pidsLines, String name) {
        return pidsLines.stream().filter(line -> line.endsWith(" " + name)).mapToLong(line -> Long.parseLong(line.split(" ")[0]))
                .findFirst().orElseThrow();
    }

    private static boolean ready(String port) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }
}
