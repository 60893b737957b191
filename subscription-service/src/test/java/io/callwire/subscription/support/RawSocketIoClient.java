package io.callwire.subscription.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw Engine.IO v4 / Socket.IO v5 client over one WebSocket (java.net.http, text frames), to send
 * what the npm client never sends. It answers the server's pings ({@code 2}) with pongs ({@code 3}) so
 * that only what a test sends decides the fate of the session; every frame the server sends is kept.
 */
public final class RawSocketIoClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<String> frames = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile int pings;
    private WebSocket socket;

    private RawSocketIoClient() {
    }

    /** Opens {@code /socket.io/?EIO=4&transport=websocket} and waits for the open packet. */
    public static RawSocketIoClient open(URI base) {
        RawSocketIoClient client = new RawSocketIoClient();
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "socket.io/?EIO=4&transport=websocket");
        try {
            client.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(uri, client.new Listener()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (client.await(frame -> frame.startsWith("0{"), TIMEOUT) == null) {
            throw new AssertionError("no open packet: " + client.frames());
        }
        return client;
    }

    /**
     * Opens the stream of a user: connects to the main namespace and sends {@code init} with an ack id.
     *
     * @return the ack ({@code 431[...]}) or the connect error ({@code 44{...}})
     */
    public String init(String type, String target, String token) {
        send("40");
        if (await(frame -> frame.startsWith("40{"), TIMEOUT) == null) {
            throw new AssertionError("namespace not joined: " + frames());
        }
        send("421[\"init\",\"" + type + "\",\"" + target + "\",\"" + token + "\"]");
        String answer = await(frame -> frame.startsWith("431") || frame.startsWith("44"), TIMEOUT);
        if (answer == null) {
            throw new AssertionError("init not answered: " + frames());
        }
        return answer;
    }

    /** Sends one text frame as given; false if the socket was already closed. */
    public boolean send(String frame) {
        try {
            socket.sendText(frame, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** The first frame (received before or within the timeout) that matches, or null. */
    public String await(Predicate<String> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (frames) {
                for (String frame : frames) {
                    if (wanted.test(frame)) {
                        return frame;
                    }
                }
            }
            if (closed.isDone()) {
                return null;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** True once the server pinged again (the session is alive and served), false once it closed or after the timeout. */
    public boolean awaitNextPing(Duration timeout) {
        int before = pings;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !closed.isDone()) {
            if (pings > before) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Pings answered so far (the server's liveness checks). */
    public int pings() {
        return pings;
    }

    /** Every frame received so far. */
    public List<String> frames() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    /** The {@code update} events received so far. */
    public long updates() {
        return frames().stream().filter(frame -> frame.startsWith("42[\"update\"")).count();
    }

    /** Completes with the close status when the WebSocket closes (-1 on an error). */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
            socket.abort();
        }
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
                if (frame.equals("2")) {
                    pings++;
                    webSocket.sendText("3", true);
                } else {
                    frames.add(frame);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            frames.add("<binary " + data.remaining() + " bytes>");
            webSocket.request(1);
            return null;
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
}
