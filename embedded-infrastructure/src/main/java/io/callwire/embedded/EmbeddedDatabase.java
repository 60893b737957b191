package io.callwire.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (binaries unpacked from a Maven artifact) as a child process of this JVM,
 * listening on {@code localhost}. The superuser is {@code postgres}, trusted without a password.
 */
public final class EmbeddedDatabase {

    /** The superuser the server trusts. */
    public static final String SUPERUSER = "postgres";

    private EmbeddedDatabase() {
    }

    /**
     * Starts a server on {@code port}.
     *
     * @param dataDirectory where the data lives between runs; empty for a throw-away directory
     * @param log           where the server's output goes; empty to inherit this JVM's
     */
    public static EmbeddedPostgres start(int port, Optional<Path> dataDirectory, Optional<Path> log) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200");
            if (dataDirectory.isPresent()) {
                Path directory = dataDirectory.get();
                Files.createDirectories(directory);
                removeStalePidFile(directory);
                builder.setDataDirectory(directory).setCleanDataDirectory(false);
            }
            if (log.isPresent()) {
                ProcessBuilder.Redirect append = ProcessBuilder.Redirect.appendTo(log.get().toFile());
                builder.setOutputRedirector(append).setErrorRedirector(append);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** A server that was killed leaves its pid file behind, and PostgreSQL then refuses to start. */
    private static void removeStalePidFile(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (Files.exists(pidFile) && !isRunning(pidFile)) {
            Files.delete(pidFile);
        }
    }

    private static boolean isRunning(Path pidFile) {
        try {
            String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return ProcessHandle.of(Long.parseLong(firstLine)).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
