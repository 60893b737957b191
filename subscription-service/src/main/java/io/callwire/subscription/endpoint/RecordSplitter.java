package io.callwire.subscription.endpoint;

import java.util.Arrays;

/**
 * Splits the bytes of incoming frames into SignalR records (each ends with 0x1E). Several records
 * may share a frame and one may span frames. Each byte is examined once: the scan resumes where
 * the previous frame's scan stopped, so a record sent as thousands of one-byte frames costs linear
 * time, not a rescan of everything pending on every frame.
 */
final class RecordSplitter {

    static final byte RECORD_SEPARATOR = 0x1E;
    private static final byte[] EMPTY = new byte[0];

    private final int maxRecordSize;
    /** The unterminated tail of earlier frames; allocated when a record first spans frames (most never do). */
    private byte[] pending = EMPTY;
    private int length;

    RecordSplitter(int maxRecordSize) {
        this.maxRecordSize = maxRecordSize;
    }

    /**
     * Appends a frame and hands each complete record (without its separator) to {@code record}; the
     * consumer returns false to stop (the connection closed). Returns false when the pending,
     * unterminated record has grown past the maximum size.
     */
    boolean append(byte[] frame, RecordConsumer record) {
        int start = 0;
        for (int i = 0; i < frame.length; i++) {
            if (frame[i] == RECORD_SEPARATOR) {
                byte[] complete;
                if (length == 0) {
                    complete = Arrays.copyOfRange(frame, start, i);
                } else {
                    complete = new byte[length + i - start];
                    System.arraycopy(pending, 0, complete, 0, length);
                    System.arraycopy(frame, start, complete, length, i - start);
                    length = 0;
                }
                start = i + 1;
                if (!record.accept(complete)) {
                    return true;
                }
            }
        }
        int rest = frame.length - start;
        if (rest > 0) {
            if (length + rest > maxRecordSize) {
                length = 0;
                return false;
            }
            ensure(length + rest);
            System.arraycopy(frame, start, pending, length, rest);
            length += rest;
        }
        return true;
    }

    private void ensure(int size) {
        if (size > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(size, Math.min(Math.max(256, pending.length * 2), maxRecordSize)));
        }
    }

    /** Receives one record; false to stop splitting. */
    @FunctionalInterface
    interface RecordConsumer {
        boolean accept(byte[] record);
    }

}
