package io.callwire.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scans a service's test log for secrets: anything shaped like a JWT, a Standard Webhooks signing
 * secret, a bearer or basic credential, a password assignment, and the exact secrets a test handed the
 * service. Each service's test profile writes its log to {@link #TEST_LOG}; the module's last test
 * class scans it after every other test class of the module has run against the same application.
 *
 * <p>Quarkus sets up logging twice in a test JVM (for the test resources, then for the application)
 * and rotates the file at each, so the records of this JVM are spread over {@code quarkus-test.log}
 * and its rotated siblings: they are told from older runs' by the process id in each record's prefix
 * (the default file format's {@code %i}); lines without a prefix (stack traces, multi-line messages)
 * belong to the record above them.
 */
public final class LogSecrets {

    /** Where the services' test profiles write their log ({@code %test.quarkus.log.file.path}). */
    public static final Path TEST_LOG = Path.of("target", "quarkus-test.log");

    private static final Pattern SHAPES = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}"
            + "|whsec_[A-Za-z0-9+/=]{8,}|(?i)\\bBearer\\s+[A-Za-z0-9._~+/-]{16,}|(?i)\\bBasic\\s+[A-Za-z0-9+/=]{8,}"
            + "|(?i)(password|client_secret|secret)\\s*[=:]\\s*\"?[^\\s\",}]{6,}");
    private static final Pattern RECORD_START = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");

    private LogSecrets() {
    }

    /**
     * The lines this JVM logged that hold a secret, at most 5.
     *
     * @param known exact secrets the test used (each at least 8 characters)
     */
    public static List<String> leaks(Path log, List<String> known) {
        return ownLines(log).filter(line -> SHAPES.matcher(line).find() || known.stream().anyMatch(line::contains))
                .limit(5).toList();
    }

    /** The number of lines this JVM logged (to say how much was scanned). */
    public static long lines(Path log) {
        return ownLines(log).count();
    }

    private static Stream<String> ownLines(Path log) {
        String pid = "[" + ProcessHandle.current().pid() + "]";
        String name = log.getFileName().toString();
        List<String> own = new ArrayList<>();
        try (Stream<Path> files = Files.list(log.toAbsolutePath().getParent())) {
            List<Path> logs = files.filter(p -> p.getFileName().toString().startsWith(name)).sorted().toList();
            if (logs.isEmpty()) {
                throw new AssertionError("no log at " + log.toAbsolutePath() + ": is %test.quarkus.log.file set?");
            }
            for (Path file : logs) {
                boolean mine = false;
                // ISO-8859-1: it reads any byte, and fuzzing puts every kind of byte in a log
                for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                    if (RECORD_START.matcher(line).find()) {
                        mine = line.contains(pid);
                    }
                    if (mine) {
                        own.add(line);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (own.isEmpty()) {
            throw new AssertionError("nothing logged by this JVM (" + pid + ") in " + log.toAbsolutePath() + "*");
        }
        return own.stream();
    }
}
