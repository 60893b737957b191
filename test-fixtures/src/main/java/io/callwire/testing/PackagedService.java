package io.callwire.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service of this build ({@code <module>/target/quarkus-app/quarkus-run.jar}) run as a
 * separate process, the way it ships: production profile unless a {@code quarkus.profile} property
 * says otherwise, configuration from system properties and environment variables. The one way the
 * tests start a packaged service; fault tests use its signals.
 *
 * <pre>{@code
 * try (PackagedService notifier = PackagedService.of("notifier-service")
 *         .properties(PackagedService.infrastructure("postgres"))
 *         .property("callwire.notifier.encryption-key", key)
 *         .start()) {              // waits for /q/health/ready
 *     ... notifier.url() ...
 *     notifier.kill();            // SIGKILL
 *     notifier.restart();         // same port, same configuration, waits again
 * }
 * }</pre>
 *
 * <p>The object outlives its process: {@link #restart()} starts the same command again on the same
 * port, appending to the same log file, so a test keeps one handle across kills.
 */
public final class PackagedService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final Path log;
    private final Duration readyTimeout;
    private final Duration stopGrace;
    private Process process;

    private PackagedService(Builder builder) {
        this.name = builder.name;
        this.jar = builder.jar;
        this.port = builder.port;
        this.environment = Map.copyOf(builder.environment);
        this.workingDirectory = builder.workingDirectory;
        this.log = builder.log;
        this.readyTimeout = builder.readyTimeout;
        this.stopGrace = builder.stopGrace;
        List<String> line = new ArrayList<>();
        line.add(ProcessHandle.current().info().command().orElse("java"));
        line.addAll(builder.jvmOptions);
        line.add("-Dquarkus.http.port=" + port);
        builder.properties.forEach((key, value) -> line.add("-D" + key + "=" + value));
        line.add("-jar");
        line.add(jar.toString());
        this.command = List.copyOf(line);
    }

    /**
     * A service of this repository by module name ({@code notifier-service}): its jar is
     * {@code <root>/<module>/target/quarkus-app/quarkus-run.jar}, its log
     * {@code target/service-logs/<module>.log} of the module running the test.
     */
    public static Builder of(String module) {
        return new Builder(module, repositoryRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar"));
    }

    /**
     * The properties that point a service at the shared embedded infrastructure of this test JVM
     * ({@link PostgresResource}, {@link AmqpBrokerResource}, {@link JwksResource}), starting what is not
     * running yet.
     *
     * @param database the database on the shared server ({@code postgres}, or one created with
     *                 {@link PostgresResource#createDatabase(String)})
     */
    public static Map<String, String> infrastructure(String database) {
        int pgPort = PostgresResource.server().getPort();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + pgPort + "/" + database);
        properties.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database);
        properties.put("quarkus.datasource.username", PostgresResource.USERNAME);
        properties.put("quarkus.datasource.password", PostgresResource.PASSWORD);
        properties.put("amqp-host", AmqpBrokerResource.host());
        properties.put("amqp-port", String.valueOf(AmqpBrokerResource.port()));
        properties.put("amqp-username", "callwire");
        properties.put("amqp-password", "callwire");
        properties.put("mp.jwt.verify.publickey.location", JwksResource.jwksUrl());
        properties.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        properties.put("quarkus.log.category.\"org.apache.activemq.audit\".level", "WARN");
        return properties;
    }

    /**
     * The repository's root: the {@code callwire.root} system property if set, otherwise the first
     * directory upward from the working directory that holds the Maven wrapper.
     */
    public static Path repositoryRoot() {
        String configured = System.getProperty("callwire.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.isRegularFile(directory.resolve("mvnw"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException("no repository root (a directory with mvnw) above " + Path.of("").toAbsolutePath());
        }
        return directory;
    }

    /** Starts the process and waits until {@code /q/health/ready} answers 200. */
    public synchronized PackagedService startAndAwaitReady() {
        startProcess();
        awaitReady();
        return this;
    }

    /** Starts the process without waiting for readiness (see {@link #awaitReady()}). */
    public synchronized PackagedService startProcess() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + name + " before this module"
                    + " (a test-scoped dependency on it puts it first in the reactor)");
        }
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    // never the test JVM's stdin: surefire talks to its fork through it
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " did not start: " + e.getMessage(), e);
        }
        return this;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails at once if the process exits meanwhile. */
    public void awaitReady() {
        awaitReadiness(200, readyTimeout);
    }

    /**
     * Waits until {@code /q/health/ready} answers {@code status} (200 or 503) within {@code within};
     * fails at once if the process exits meanwhile.
     */
    public void awaitReadiness(int status, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            Process running = process;
            if (running == null || !running.isAlive()) {
                throw new IllegalStateException(name + " exited" + (running == null ? "" : " with " + running.exitValue())
                        + " while waiting for readiness " + status + "; its log: " + log.toAbsolutePath() + "\n" + logTail(40));
            }
            if (readiness() == status) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " readiness not " + status + " after " + within
                        + "; its log: " + log.toAbsolutePath() + "\n" + logTail(40));
            }
            pause(Duration.ofMillis(250));
        }
    }

    /** The status {@code /q/health/ready} answers now, or -1 when nothing answers within 5 s. */
    public int readiness() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Stops the process as an orchestrator does: SIGTERM, then SIGKILL if it has not exited within
     * the grace period (20 s unless {@link Builder#stopGrace(Duration)}). Does nothing if it is not running.
     *
     * @return the exit code, or -1 if it was not running
     */
    public synchronized int stop() {
        if (process == null) {
            return -1;
        }
        Process running = process;
        try {
            if (running.isAlive()) {
                signal("CONT"); // a stopped process cannot act on SIGTERM
                running.destroy();
                if (!running.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                    running.destroyForcibly().waitFor();
                }
            }
            return running.waitFor();
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL, and waits until the process is gone. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            try {
                process.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGSTOP: the process stays, answers nothing (as a hung or partitioned one looks). */
    public void suspend() {
        signal("STOP");
    }

    /** SIGCONT after {@link #suspend()}. */
    public void resume() {
        signal("CONT");
    }

    /** Stops the process if it runs ({@link #stop()}), starts it again on the same port and waits for readiness. */
    public synchronized PackagedService restart() {
        stop();
        return startAndAwaitReady();
    }

    @Override
    public void close() {
        stop();
    }

    /** The module or name given. */
    public String name() {
        return name;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The HTTP port, the same across restarts. */
    public int port() {
        return port;
    }

    /** The pid of the current process. */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /** Whether the current process runs. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The file its standard output and error go to (appended across restarts). */
    public Path log() {
        return log;
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void signal(String signal) {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(running.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + running.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How to start a packaged service; {@link #start()} builds it and waits until it is ready. */
    public static final class Builder {

        private String name;
        private final Path jar;
        private int port;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m"));
        private Path workingDirectory;
        private Path log;
        private Duration readyTimeout = Duration.ofMinutes(2);
        private Duration stopGrace = Duration.ofSeconds(20);

        private Builder(String name, Path jar) {
            this.name = name;
            this.jar = jar;
            this.workingDirectory = jar.getParent();
        }

        /** A name for logs and messages (two replicas of one module); also names the log file. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The HTTP port; a free one if not set. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A system property ({@code -Dkey=value}). */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** System properties ({@code -Dkey=value}), e.g. {@link PackagedService#infrastructure(String)}. */
        public Builder properties(Map<String, String> values) {
            properties.putAll(values);
            return this;
        }

        /** An environment variable of the process. */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Environment variables of the process. */
        public Builder environment(Map<String, String> values) {
            environment.putAll(values);
            return this;
        }

        /** JVM options before {@code -jar}; {@code -Xmx256m} unless replaced by {@link #jvmOptions(String...)}. */
        public Builder jvmOptions(String... options) {
            jvmOptions.clear();
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** The working directory; the jar's own directory if not set. */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = directory;
            return this;
        }

        /** Where the output goes; {@code target/service-logs/<name>.log} if not set. */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        /** How long {@link PackagedService#awaitReady()} waits (2 min unless set). */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** How long {@link PackagedService#stop()} waits after SIGTERM before SIGKILL (20 s unless set). */
        public Builder stopGrace(Duration grace) {
            this.stopGrace = grace;
            return this;
        }

        /** The service, not started. */
        public PackagedService build() {
            if (port == 0) {
                port = FreePorts.next();
            }
            if (log == null) {
                log = Path.of("target", "service-logs", name + ".log").toAbsolutePath();
            }
            return new PackagedService(this);
        }

        /** Builds, starts and waits for readiness. */
        public PackagedService start() {
            return build().startAndAwaitReady();
        }
    }
}
