package io.callwire.subscription.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A script of {@code src/test/js} run by Node with the Microsoft SignalR JavaScript client (npm
 * {@code @microsoft/signalr} 10.0.11, installed once into {@code target/js}); the test talks to it
 * through stdin and reads its stdout line by line.
 */
public final class NodeClient implements AutoCloseable {

    public static final String SIGNALR = "@microsoft/signalr@10.0.11";
    private static final Path MODULES = Path.of("target", "js");

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());

    private NodeClient(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    all.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "node-client-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code src/test/js/<script>} with the arguments. */
    public static NodeClient run(String script, String... args) throws IOException, InterruptedException {
        Path modules = installed();
        Path copy = modules.resolve(script);
        Files.copy(Path.of("src", "test", "js", script), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of("node", copy.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(modules.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(modules.resolve("node-stderr.log").toFile())).start();
        return new NodeClient(process);
    }

    private static synchronized Path installed() throws IOException, InterruptedException {
        Files.createDirectories(MODULES);
        if (!Files.isDirectory(MODULES.resolve("node_modules/@microsoft/signalr"))) {
            Files.writeString(MODULES.resolve("package.json"), "{\"name\":\"callwire-js-tests\",\"private\":true,\"type\":\"module\"}");
            // never inheritIO: npm would read the test JVM's stdin and write to its stdout, which are
            // surefire's channel to the forked JVM (a corrupted channel, a fork that cannot exit)
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", SIGNALR)
                    .directory(MODULES.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(MODULES.resolve("npm.log").toFile()).start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm install " + SIGNALR + " failed (see " + MODULES.resolve("npm.log")
                        + "): Node and npm are needed for this test");
            }
        }
        return MODULES;
    }

    /** Sends one command line. */
    public void send(String command) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
    }

    /** The next line matching (others are skipped but kept in {@link #output()}), or null after the timeout. */
    public String next(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null || wanted.test(line)) {
                return line;
            }
        }
    }

    /** Every line so far. */
    public List<String> output() {
        return List.copyOf(all);
    }

    /** Waits for the process to end. */
    public boolean exited(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
