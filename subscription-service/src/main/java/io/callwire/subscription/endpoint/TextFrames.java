package io.callwire.subscription.endpoint;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.http.HttpServerRequest;

/**
 * Writes records that are already UTF-8 bytes as WebSocket text frames straight to the socket's
 * Netty channel, the one place where the hub leaves the public APIs of websockets-next and Vert.x.
 * <p>
 * Why: websockets-next's {@code sendText(String)} and Vert.x 4's public WebSocket API take text
 * frames only as {@code String}s, so a record written to ten sockets was built as a String and
 * encoded to UTF-8 ten times, with a {@code Uni}, a {@code CompletionStage} and a completion
 * callback per frame, and Vert.x flushes the socket after every frame written outside its own read
 * handler. Here a record encoded once is wrapped (not copied) per socket, and a batch of deliveries
 * flushes each socket once. websockets-next still does the handshake, the lifecycle, security,
 * inbound frames and closing; the frames go through the same Netty pipeline (frame encoder, and
 * per-message deflate when negotiated) as Vert.x's own writes, from the same handler context.
 * <p>
 * The channel is reached at the upgrade through Vert.x's connection implementation (the
 * {@code ConnectionBase} behind {@link HttpServerRequest#connection()}), which is the same object
 * before and after a Vert.x 4 HTTP/1.1 upgrade; websockets-next itself keeps its
 * {@code ServerWebSocket} private.
 */
final class TextFrames {

    /**
     * Largest frame written: longer records go out as a text frame and continuation frames (as
     * Vert.x's {@code writeTextMessage} splits them), within the 64 KiB a Vert.x client accepts by
     * default.
     */
    static final int MAX_FRAME = 65_536;

    private TextFrames() {
    }

    /**
     * The Netty handler context that Vert.x writes this request's connection through.
     *
     * @throws IllegalStateException when Vert.x no longer exposes it (a Vert.x upgrade changed its
     *                               implementation): the hub cannot write without it
     */
    static ChannelHandlerContext channelOf(HttpServerRequest request) {
        if (request.connection() instanceof io.vertx.core.net.impl.ConnectionBase connection) {
            return connection.channelHandlerContext();
        }
        throw new IllegalStateException("the WebSocket's channel is not reachable through "
                + request.connection().getClass().getName());
    }

    /**
     * Makes the channel unwritable past {@code maxPendingBytes} written and not yet sent, so that
     * {@link #overLimit} answers from the count Netty keeps anyway (no completion callback per frame).
     */
    static WriteBufferWaterMark waterMark(int maxPendingBytes) {
        return new WriteBufferWaterMark(Math.max(1, maxPendingBytes / 2), Math.max(1, maxPendingBytes));
    }

    /** Applies the bound of {@link #waterMark} to a socket's channel. */
    static void bound(ChannelHandlerContext channel, WriteBufferWaterMark waterMark) {
        channel.channel().config().setWriteBufferWaterMark(waterMark);
    }

    /** Whether the socket is still open to writes. */
    static boolean open(ChannelHandlerContext channel) {
        return channel.channel().isActive();
    }

    /**
     * Writes one record as a text message; the caller flushes (or asks for it here). The bytes are
     * shared, never modified: the same array may go to many sockets and stay in replay buffers.
     */
    static void write(ChannelHandlerContext channel, byte[] record, boolean flush) {
        if (record.length <= MAX_FRAME) {
            channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(record)), channel.voidPromise());
        } else {
            channel.write(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(record, 0, MAX_FRAME)), channel.voidPromise());
            for (int from = MAX_FRAME; from < record.length; from += MAX_FRAME) {
                int length = Math.min(MAX_FRAME, record.length - from);
                channel.write(new ContinuationWebSocketFrame(from + length == record.length, 0,
                        Unpooled.wrappedBuffer(record, from, length)), channel.voidPromise());
            }
        }
        if (flush) {
            channel.flush();
        }
    }

    /** Sends what was written and not yet flushed. */
    static void flush(ChannelHandlerContext channel) {
        channel.flush();
    }

    /** Whether more than the channel's high water mark is written and not yet sent. */
    static boolean overLimit(ChannelHandlerContext channel) {
        return !channel.channel().isWritable() && channel.channel().isActive();
    }
}
