package io.callwire.subscription.support;


import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The npm {@code socket.io-client} 4.8.4, run by Node from {@code src/test/js/socketio/client.mjs}
 * and driven by JSON lines: the real client an Axialys integration uses. The first use installs the
 * package with {@code npm ci} (the lock file pins it) into {@code target/socketio-js}; Node 18+ and
 * npm must be on the PATH and the npm registry reachable.
 */
public final class SocketIoNodeClient implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path SOURCE = Path.of("src/test/js/socketio");
    private static final Path INSTALLED = Path.of("target/socketio-js");

    private final Process process;
    private final OutputStream stdin;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();

    private SocketIoNodeClient(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    try {
                        received.add(MAPPER.readTree(line));
                    } catch (IOException notJson) {
                        // debug output of the client: ignored
                    }
                }
            } catch (IOException ended) {
                // the process ended
            }
        }, "socketio-node-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a client process (installing the npm package on first use). */
    public static SocketIoNodeClient start() {
        install();
        try {
            Process process = new ProcessBuilder("node", INSTALLED.resolve("client.mjs").toString())
                    .redirectError(ProcessBuilder.Redirect.appendTo(INSTALLED.resolve("client-stderr.log").toFile()))
                    .start();
            SocketIoNodeClient client = new SocketIoNodeClient(process);
            client.await("ready");
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void install() {
        try {
            Files.createDirectories(INSTALLED);
            for (String file : List.of("package.json", "package-lock.json", "client.mjs")) {
                Files.copy(SOURCE.resolve(file), INSTALLED.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.isDirectory(INSTALLED.resolve("node_modules/socket.io-client"))) {
                return;
            }
            // never inheritIO: npm would read the test JVM's stdin and write to its stdout, which are
            // surefire's channel to the forked JVM (a corrupted channel, a fork that cannot exit)
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(INSTALLED.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(INSTALLED.resolve("npm.log").toFile()).start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci of socket.io-client failed; see " + INSTALLED.resolve("npm.log").toAbsolutePath());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code io(url, {transports})}, then (if given) {@code socket.emit('init', ...init)} at once, as the document does. */
    public SocketIoNodeClient connect(String url, List<String> transports, Object... init) {
        send(Map.of("cmd", "connect", "url", url, "transports", transports, "init", List.of(init)));
        return this;
    }

    /** {@code socket.emit('init', ...args)} (a second init refreshes the session of the stream). */
    public void init(Object... args) {
        send(Map.of("cmd", "init", "args", List.of(args)));
    }

    /** Closes the Engine.IO transport as a network failure would; the client reconnects by itself. */
    public void drop() {
        send(Map.of("cmd", "drop"));
    }

    /** Everything the client reported, in order. */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** The reports of one type ({@code connect}, {@code update}, {@code connect_error}, {@code disconnect}, {@code upgrade}). */
    public List<JsonNode> of(String type) {
        return received.stream().filter(message -> type.equals(message.path("type").asText())).toList();
    }

    /** The {@code data} of every {@code update} received. */
    public List<JsonNode> updates() {
        return of("update").stream().map(message -> message.path("data")).toList();
    }

    /** Waits until {@code count} reports of the type have arrived; returns the last of them. */
    public JsonNode await(String type, int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> of(type).size() >= count);
        return of(type).get(count - 1);
    }

    /** Waits for the first report of the type. */
    public JsonNode await(String type) {
        return await(type, 1);
    }

    private void send(Map<String, Object> command) {
        try {
            stdin.write((MAPPER.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            send(Map.of("cmd", "close"));
        } catch (RuntimeException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
