package io.callwire.subscription.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.WriteBufferWaterMark;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Writes a connection's records, on its event loop only. Records arrive as UTF-8 bytes (a
 * {@code MessageReceived} record is built once per event and subscription, and the same array goes
 * to every connection of that subscription) and go out as one text frame each through
 * {@link TextFrames}. Deliveries from a batch are flushed together ({@link #flush}); everything else
 * is flushed as it is written.
 * <p>
 * Bounded both ways: a socket with more than {@code callwire.rte.write-queue-max-bytes} written and
 * not yet sent (the channel's high water mark, counted by Netty) is a slow consumer. With stateful
 * reconnect every Invocation and Completion also gets a sequence id and stays in a replay buffer
 * until the client acknowledges it; past {@code callwire.rte.hub.stateful-reconnect-buffer-bytes}
 * unacknowledged the client is a slow consumer too.
 */
final class HubWriter {

    /** Why a write was refused. */
    enum Outcome { WRITTEN, BUFFERED, SLOW_CONSUMER, CLOSED }

    private record Sequenced(long id, byte[] record) {
    }

    private final WriteBufferWaterMark bound;
    private final long maxReplayBytes;
    private boolean stateful;
    /** Stateful connections only: most connections never need one, and an idle one costs memory. */
    private ArrayDeque<Sequenced> replay;
    private WebSocketConnection socket;
    /** The socket's channel, which the frames are written to. */
    private ChannelHandlerContext channel;
    private long replayBytes;
    private long lastSequenceId;
    /** When a frame was last handed to the socket ({@link System#nanoTime}): the keep-alive pings only a quiet connection. */
    private long lastSentNanos = System.nanoTime();
    /** Frames written since the last flush. */
    private boolean unflushed;
    private boolean closed;

    HubWriter(WebSocketConnection socket, ChannelHandlerContext channel, WriteBufferWaterMark bound, long maxReplayBytes,
              boolean stateful) {
        this.bound = bound;
        this.maxReplayBytes = maxReplayBytes;
        this.stateful = stateful;
        attach(socket, channel);
    }

    private void attach(WebSocketConnection newSocket, ChannelHandlerContext newChannel) {
        socket = newSocket;
        channel = newChannel;
        unflushed = false;
        TextFrames.bound(newChannel, bound);
    }

    /**
     * Writes a record the protocol counts (Invocation, Completion): sequenced and kept for replay
     * when the connection is stateful; only buffered while the socket is away. Flushed at once
     * unless {@code flush} is false (then the caller calls {@link #flush} when its batch is done).
     */
    Outcome writeMessage(byte[] record, boolean flush) {
        if (closed) {
            return Outcome.CLOSED;
        }
        if (stateful) {
            if (replay == null) {
                replay = new ArrayDeque<>();
            }
            replay.add(new Sequenced(++lastSequenceId, record));
            replayBytes += record.length;
            if (replayBytes > maxReplayBytes) {
                return Outcome.SLOW_CONSUMER;
            }
            if (socket == null) {
                return Outcome.BUFFERED;
            }
        }
        return send(record, flush);
    }

    Outcome writeMessage(String record) {
        return writeMessage(record.getBytes(StandardCharsets.UTF_8), true);
    }

    /** The client did not speak the protocol version of stateful reconnect: no sequence, no replay. */
    void unsequenced() {
        stateful = false;
    }

    /** Writes a record outside the sequence (handshake answer, Ping, Ack, Sequence, Close), flushed. */
    Outcome writeControl(byte[] record) {
        if (closed || socket == null) {
            return Outcome.CLOSED;
        }
        return send(record, true);
    }

    Outcome writeControl(String record) {
        return writeControl(record.getBytes(StandardCharsets.UTF_8));
    }

    private Outcome send(byte[] record, boolean flush) {
        ChannelHandlerContext to = channel;
        if (to == null || !TextFrames.open(to)) {
            return Outcome.CLOSED; // the socket is going; its close event follows
        }
        lastSentNanos = System.nanoTime();
        TextFrames.write(to, record, flush);
        unflushed = !flush;
        return TextFrames.overLimit(to) ? Outcome.SLOW_CONSUMER : Outcome.WRITTEN;
    }

    /** Sends the frames written since the last flush (once per socket per batch of deliveries). */
    void flush() {
        if (unflushed) {
            unflushed = false;
            if (channel != null) {
                TextFrames.flush(channel);
            }
        }
    }

    /** The client acknowledged every message up to {@code sequenceId}. */
    void acknowledge(long sequenceId) {
        while (replay != null && !replay.isEmpty() && replay.peekFirst().id() <= sequenceId) {
            replayBytes -= replay.pollFirst().record().length;
        }
    }

    /** The socket dropped: keep sequencing into the replay buffer until {@link #resume}. */
    void detach() {
        socket = null;
        channel = null;
        unflushed = false;
    }

    /**
     * Continues on a new socket: the Sequence message naming the first message not acknowledged,
     * then every such message again (the client skips those it already had).
     */
    void resume(WebSocketConnection newSocket, ChannelHandlerContext newChannel) {
        attach(newSocket, newChannel);
        long first = replay == null || replay.isEmpty() ? lastSequenceId + 1 : replay.peekFirst().id();
        send(HubCodec.sequence(first).getBytes(StandardCharsets.UTF_8), replay == null || replay.isEmpty());
        if (replay != null) {
            for (Sequenced message : replay) {
                send(message.record(), false);
            }
            flush();
        }
    }

    /** No more writes. */
    void close() {
        flush();
        closed = true;
        replay = null;
        replayBytes = 0;
    }

    /** Nanos ({@link System#nanoTime}) when the last frame went to the socket. */
    long lastSentNanos() {
        return lastSentNanos;
    }

    boolean attached() {
        return socket != null;
    }

    WebSocketConnection socket() {
        return socket;
    }
}
