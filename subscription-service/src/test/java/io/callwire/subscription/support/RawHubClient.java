package io.callwire.subscription.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A raw WebSocket client (java.net.http, text frames) that speaks the SignalR JSON protocol by
 * hand, to test what the Microsoft clients never send: malformed records, unknown methods, wrong
 * argument types. Every record the server sends is kept in arrival order.
 */
public final class RawHubClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BlockingQueue<JsonNode> records = new LinkedBlockingQueue<>();
    private final List<String> raw = java.util.Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicBoolean paused = new AtomicBoolean();
    private WebSocket socket;

    private RawHubClient() {
    }

    /** Opens the WebSocket with the token in the Authorization header (as Node/Java/.NET clients do). */
    public static RawHubClient connect(URI base, String token) {
        return open(base.resolve("/rte"), Map.of("Authorization", "Bearer " + token));
    }

    /** Opens the WebSocket to a full URI with the given headers. */
    public static RawHubClient open(URI uri, Map<String, String> headers) {
        RawHubClient client = new RawHubClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        try {
            client.socket = builder.buildAsync(toWs(uri), client.new Listener()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new UpgradeRefused(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return client;
    }

    /** The HTTP status of a refused upgrade. */
    public static int upgradeStatus(URI uri, Map<String, String> headers) {
        try (RawHubClient ignored = open(uri, headers)) {
            return 101;
        } catch (UpgradeRefused refused) {
            return refused.status();
        }
    }

    /** Opens the WebSocket and completes the handshake. */
    public static RawHubClient connected(URI base, String token) {
        RawHubClient client = connect(base, token);
        client.handshake();
        return client;
    }

    /** Sends the JSON handshake and asserts the empty answer. */
    public void handshake() {
        sendRecord("{\"protocol\":\"json\",\"version\":1}");
        JsonNode answer = next(r -> true);
        if (answer == null || answer.size() != 0) {
            throw new AssertionError("handshake answered " + answer);
        }
    }

    /** Sends one record (adds the 0x1E). */
    public void sendRecord(String json) {
        sendText(json + "\u001e");
    }

    /** Sends text as one frame, exactly as given. */
    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** Invokes a hub method and returns its Completion record. */
    public JsonNode invoke(String target, Object... arguments) {
        String id = UUID.randomUUID().toString();
        ObjectNode invocation = MAPPER.createObjectNode().put("type", 1).put("invocationId", id).put("target", target);
        invocation.set("arguments", MAPPER.valueToTree(arguments));
        sendRecord(invocation.toString());
        return completion(id);
    }

    /** The Completion of an invocation id. */
    public JsonNode completion(String invocationId) {
        JsonNode completion = next(r -> r.path("type").asInt() == 3 && invocationId.equals(r.path("invocationId").asText()));
        if (completion == null) {
            throw new AssertionError("no completion for " + invocationId + "; received " + raw);
        }
        return completion;
    }

    /** The next record matching (skipping others, which stay consumed), or null after the timeout. */
    public JsonNode next(Predicate<JsonNode> wanted) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                JsonNode record = records.poll(left, TimeUnit.NANOSECONDS);
                if (record == null) {
                    return null;
                }
                if (wanted.test(record)) {
                    return record;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The next MessageReceived invocation's argument, or null. */
    public JsonNode nextMessage() {
        JsonNode invocation = next(r -> r.path("type").asInt() == 1 && "MessageReceived".equals(r.path("target").asText()));
        return invocation == null ? null : invocation.path("arguments").path(0);
    }

    /** The next Close message, or null. */
    public JsonNode nextClose() {
        return next(r -> r.path("type").asInt() == 7);
    }

    /** Every record received so far, as text (for assertion messages). */
    public List<String> received() {
        return List.copyOf(raw);
    }

    /** Records not yet taken. */
    public List<JsonNode> pending() {
        return List.copyOf(records);
    }

    /** Completes with the close status code when the server closes the WebSocket. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Stops reading from the socket: the server's writes back up, as with a client that cannot keep up. */
    public void pauseReading() {
        paused.set(true);
    }

    /** Reads again. */
    public void resumeReading() {
        if (paused.compareAndSet(true, false)) {
            socket.request(1);
        }
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        if (socket != null) {
            socket.abort();
        }
    }

    private static URI toWs(URI uri) {
        return URI.create(uri.toString().replaceFirst("^http", "ws"));
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                for (String record : frame.split("\u001e")) {
                    if (!record.isEmpty()) {
                        raw.add(record);
                        try {
                            records.add(MAPPER.readTree(record));
                        } catch (Exception e) {
                            records.add(MAPPER.createObjectNode().put("unparseable", record));
                        }
                    }
                }
            }
            if (!paused.get()) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            return onText(webSocket, new String(bytes, java.nio.charset.StandardCharsets.UTF_8), last);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }

    /** The server refused the WebSocket upgrade. */
    public static final class UpgradeRefused extends RuntimeException {
        private final int status;

        UpgradeRefused(Throwable cause) {
            super(cause);
            this.status = cause instanceof WebSocketHandshakeException handshake ? handshake.getResponse().statusCode() : -1;
        }

        /** The HTTP status of the refusal, -1 if the connection failed otherwise. */
        public int status() {
            return status;
        }
    }
}
