package io.callwire.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's own {@code jcmd} against a target JVM: live heap by class (a class histogram forces a
 * full collection first, so it counts what is kept, not garbage) and JFR recordings over a step.
 * Targets that are not JVMs (RabbitMQ) answer nothing, and the figures that need it stay empty.
 */
final class Jcmd {

    private Jcmd() {
    }

    /** Live heap of a JVM by class name (bytes); empty if the process is not a JVM jcmd can reach. */
    static Map<String, Long> liveHeap(long pid) {
        Map<String, Long> bytesByClass = new HashMap<>();
        String out = run(pid, "GC.class_histogram");
        for (String line : out.split("\n")) {
            // "   1:        123456       7890123  java.lang.String (java.base@25)"
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 4 && parts[0].endsWith(":")) {
                try {
                    bytesByClass.merge(parts[3], Long.parseLong(parts[2]), Long::sum);
                } catch (NumberFormatException notARow) {
                    // header or total
                }
            }
        }
        return bytesByClass;
    }

    /** Starts a JFR recording with the JDK's profile settings. */
    static void startRecording(long pid, String name) {
        run(pid, "JFR.start", "name=" + name, "settings=profile");
    }

    /**
     * Stops a recording and writes it to {@code file}, creating its directory: jcmd writes nothing into a
     * directory that does not exist, and says so only in its own output, which is printed when no file came.
     */
    static void stopRecording(long pid, String name, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String output = run(pid, "JFR.stop", "name=" + name, "filename=" + file.toAbsolutePath());
        if (!Files.exists(file)) {
            System.err.printf("bench: no recording written to %s: %s%n", file.toAbsolutePath(), output.strip());
        }
    }

    private static String run(long pid, String... command) {
        String[] full = new String[command.length + 2];
        full[0] = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        full[1] = Long.toString(pid);
        System.arraycopy(command, 0, full, 2, command.length);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] output = process.getInputStream().readAllBytes();
            process.waitFor(60, TimeUnit.SECONDS);
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
