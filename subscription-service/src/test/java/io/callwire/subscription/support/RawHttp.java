package io.callwire.subscription.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP/1.1 request written byte for byte on a socket, for what HTTP clients refuse to send
 * (a megabyte header, thousands of headers). The request is written on another thread while the
 * answer is read, so that a server answering before it has read everything is heard.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * The answer to a request.
     *
     * @param status the status code, or -1 if the connection closed without one
     * @param text   the whole answer as received (headers and body)
     */
    public record Answer(int status, String text) {
    }

    /** Sends {@code head} (request line and headers, without the blank line) and an empty body. */
    public static Answer send(URI base, String head) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            byte[] request = (head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            OutputStream out = socket.getOutputStream();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    for (int offset = 0; offset < request.length; offset += 8192) {
                        out.write(request, offset, Math.min(8192, request.length - offset));
                    }
                    out.flush();
                } catch (IOException closedEarly) {
                    // the server answered and closed before reading everything: its answer is read below
                }
            });
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                // keep what arrived before the reset
            }
            writing.cancel(true);
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            int status = text.startsWith("HTTP/1.") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
            return new Answer(status, text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
