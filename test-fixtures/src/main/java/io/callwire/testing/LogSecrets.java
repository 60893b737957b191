package io.callwire.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scans a service's log for secrets: anything shaped like a JWT, a Standard Webhooks signing secret, a
 * bearer or basic credential, a password assignment, and the exact secrets a test handed the service.
 * Each service's test profile writes its log to {@link #TEST_LOG}, one file per run; the module's last
 * test class scans it after every other test class of the module has run against the same application.
 */
public final class LogSecrets {

    /** Where the services' test profiles write their log ({@code %test.quarkus.log.file.path}). */
    public static final Path TEST_LOG = Path.of("target", "quarkus-test.log");

    private static final Pattern SHAPES = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}"
            + "|whsec_[A-Za-z0-9+/=]{8,}|(?i)\\bBearer\\s+[A-Za-z0-9._~+/-]{16,}|(?i)\\bBasic\\s+[A-Za-z0-9+/=]{8,}"
            + "|(?i)(password|client_secret|secret)\\s*[=:]\\s*\"?[^\\s\",}]{6,}");

    private LogSecrets() {
    }

    /**
     * The lines of the log that hold a secret, at most 5.
     *
     * @param known exact secrets the test used (each at least 8 characters)
     */
    public static List<String> leaks(Path log, List<String> known) {
        List<String> leaks = new ArrayList<>();
        // this run's file only: the test profile rotates the previous run's away at boot
        List<Path> files = Files.exists(log) ? List.of(log) : List.of();
        // (ISO-8859-1 below: it reads any byte, and fuzzing puts every kind of byte in a log)
        if (files.isEmpty()) {
            throw new AssertionError("no log at " + log.toAbsolutePath() + ": is %test.quarkus.log.file set?");
        }
        for (Path file : files) {
            try (Stream<String> lines = Files.lines(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                lines.filter(line -> SHAPES.matcher(line).find() || known.stream().anyMatch(line::contains))
                        .limit(5 - leaks.size()).forEach(line -> leaks.add(file.getFileName() + ": " + line));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (leaks.size() >= 5) {
                break;
            }
        }
        return leaks;
    }

    /** The number of lines of the log (to say how much was scanned). */
    public static long lines(Path log) {
        try (Stream<String> lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
