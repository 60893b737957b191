package io.callwire.subscription.endpoint;

import java.util.ArrayDeque;

import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Writes a connection's records, on its event loop only. Records arrive encoded (the event data
 * once per event, the subscription's prefix once per subscription) and go out as one text frame each.
 * <p>
 * Bounded both ways: the characters handed to the socket and not yet written are counted (the
 * count falls as each write completes), and a client past {@code callwire.rte.write-queue-max-bytes}
 * is a slow consumer. With stateful reconnect every Invocation and Completion also gets a sequence
 * id and stays in a replay buffer until the client acknowledges it; past
 * {@code callwire.rte.hub.stateful-reconnect-buffer-bytes} unacknowledged the client is a slow consumer too.
 */
final class HubWriter {

    /** Why a write was refused. */
    enum Outcome { WRITTEN, BUFFERED, SLOW_CONSUMER, CLOSED }

    private record Sequenced(long id, String record) {
    }

    private final int maxPendingChars;
    private final long maxReplayChars;
    private boolean stateful;
    /** Stateful connections only: most connections never need one, and an idle one costs memory. */
    private ArrayDeque<Sequenced> replay;
    private WebSocketConnection socket;
    /** Characters handed to the current socket and not yet written; one counter per socket. */
    private java.util.concurrent.atomic.AtomicLong pendingChars = new java.util.concurrent.atomic.AtomicLong();
    private long replayChars;
    private long lastSequenceId;
    /** When a frame was last handed to the socket ({@link System#nanoTime}): the keep-alive pings only a quiet connection. */
    private long lastSentNanos = System.nanoTime();
    private boolean closed;

    HubWriter(WebSocketConnection socket, int maxPendingChars, long maxReplayChars, boolean stateful) {
        this.socket = socket;
        this.maxPendingChars = maxPendingChars;
        this.maxReplayChars = maxReplayChars;
        this.stateful = stateful;
    }

    /**
     * Writes a record the protocol counts (Invocation, Completion): sequenced and kept for replay
     * when the connection is stateful; only buffered while the socket is away.
     */
    Outcome writeMessage(String record) {
        if (closed) {
            return Outcome.CLOSED;
        }
        if (stateful) {
            if (replay == null) {
                replay = new ArrayDeque<>();
            }
            replay.add(new Sequenced(++lastSequenceId, record));
            replayChars += record.length();
            if (replayChars > maxReplayChars) {
                return Outcome.SLOW_CONSUMER;
            }
            if (socket == null) {
                return Outcome.BUFFERED;
            }
        }
        return send(record);
    }

    /** The client did not speak the protocol version of stateful reconnect: no sequence, no replay. */
    void unsequenced() {
        stateful = false;
    }

    /** Writes a record outside the sequence (handshake answer, Ping, Ack, Sequence, Close). */
    Outcome writeControl(String record) {
        if (closed || socket == null) {
            return Outcome.CLOSED;
        }
        return send(record);
    }

    private Outcome send(String record) {
        int size = record.length();
        // completions come back on the socket's event loop, which after a resume may not be ours
        java.util.concurrent.atomic.AtomicLong pending = pendingChars;
        long queued = pending.addAndGet(size);
        lastSentNanos = System.nanoTime();
        socket.sendText(record).subscribe().withSubscriber(new Written(pending, size));
        return queued > maxPendingChars ? Outcome.SLOW_CONSUMER : Outcome.WRITTEN;
    }

    /**
     * Takes a write's characters off the pending count once the socket has written them (or
     * failed to). One subscriber object rather than a pair of callbacks: on the delivery path every
     * callback handed to Mutiny gets its own context-propagation capture, once per frame.
     */
    private static final class Written implements io.smallrye.mutiny.subscription.UniSubscriber<Void> {

        private final java.util.concurrent.atomic.AtomicLong pending;
        private final int size;

        Written(java.util.concurrent.atomic.AtomicLong pending, int size) {
            this.pending = pending;
            this.size = size;
        }

        @Override
        public void onSubscribe(io.smallrye.mutiny.subscription.UniSubscription subscription) {
            // nothing to request: the write is under way
        }

        @Override
        public void onItem(Void written) {
            pending.addAndGet(-size);
        }

        @Override
        public void onFailure(Throwable failure) {
            pending.addAndGet(-size);
        }
    }

    /** The client acknowledged every message up to {@code sequenceId}. */
    void acknowledge(long sequenceId) {
        while (replay != null && !replay.isEmpty() && replay.peekFirst().id() <= sequenceId) {
            replayChars -= replay.pollFirst().record().length();
        }
    }

    /** The socket dropped: keep sequencing into the replay buffer until {@link #resume}. */
    void detach() {
        socket = null;
        pendingChars = new java.util.concurrent.atomic.AtomicLong();
    }

    /**
     * Continues on a new socket: the Sequence message naming the first message not acknowledged,
     * then every such message again (the client skips those it already had).
     */
    void resume(WebSocketConnection newSocket) {
        socket = newSocket;
        pendingChars = new java.util.concurrent.atomic.AtomicLong();
        long first = replay == null || replay.isEmpty() ? lastSequenceId + 1 : replay.peekFirst().id();
        send(HubCodec.sequence(first));
        if (replay != null) {
            for (Sequenced message : replay) {
                send(message.record());
            }
        }
    }

    /** No more writes. */
    void close() {
        closed = true;
        replay = null;
        replayChars = 0;
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
