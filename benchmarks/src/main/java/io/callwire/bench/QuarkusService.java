package io.callwire.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.callwire.testing.FreePorts;

/**
 * One Callwire service run from its packaged {@code target/quarkus-app/quarkus-run.jar} in a child
 * JVM on a free port, as it ships (JVM mode), with its output in a log file under the work directory.
 */
public final class QuarkusService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final long startedAt;

    private QuarkusService(String name, int port, Process process, Path log, long startedAt) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.startedAt = startedAt;
    }

    /**
     * Starts {@code <root>/<module>/target/quarkus-app/quarkus-run.jar} with the given JVM options and
     * system properties (before {@code -jar}) and environment.
     */
    public static QuarkusService start(Path root, String module, List<String> options, Map<String, String> environment,
                                       Path workDirectory) throws IOException {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: ./bench/run.sh builds it with ./mvnw -B -q package -DskipTests");
        }
        int port = FreePorts.next();
        Path log = Files.createDirectories(workDirectory.resolve("logs")).resolve(module + "-" + port + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.log.level=WARN");
        command.addAll(options);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(jar.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        long startedAt = System.nanoTime();
        Process process = builder.start();
        QuarkusService service = new QuarkusService(module, port, process, log, startedAt);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "stop-" + module));
        return service;
    }

    /** Waits for {@code /q/health/ready} to answer 200; returns the milliseconds from process start to ready. */
    public long awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + log);
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return (System.nanoTime() - startedAt) / 1_000_000;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " not ready within " + timeout.toSeconds() + " s; see " + log);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** The file the service's output goes to. */
    public Path log() {
        return log;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGTERM, then SIGKILL after 15 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
