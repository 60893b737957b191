package io.callwire.launcher;

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

/**
 * One Callwire service running from its packaged {@code target/quarkus-app} as a child process,
 * with its output in {@code <data>/logs/<service>.log}.
 */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;

    private ServiceProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** The jar Quarkus packages for a module. */
    static Path runnableJar(Path repositoryRoot, String module) {
        return repositoryRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    static ServiceProcess start(String name, int port, Path jar, Map<String, String> environment, Path logDirectory)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: build with ./mvnw -B package -DskipTests");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java,
                "-Dquarkus.profile=local",
                "-Dquarkus.http.port=" + port,
                "-Xmx384m",
                "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(jar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDirectory.resolve(name + ".log").toFile()));
        builder.environment().putAll(environment);
        return new ServiceProcess(name, port, builder.start());
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String url() {
        return "http://localhost:" + port;
    }

    /** True once {@code /q/health/ready} answers 200. */
    boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, then SIGKILL if the service has not stopped within the grace period. */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
