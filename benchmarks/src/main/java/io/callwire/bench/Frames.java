package io.callwire.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.vertx.core.buffer.Buffer;

/**
 * The events the load generator publishes and the little it reads back from a frame: every event
 * carries {@code SentAtNanos}, the publisher's {@link System#nanoTime()}, and clients in the same
 * JVM find it by a byte search instead of decoding the frame, so ten thousand connections cost
 * the generator almost nothing per delivery. Services may rename the field's case on the wire
 * (SignalR data is camelCase), so the search skips the first letter.
 */
public final class Frames {

    /** Matches both {@code "SentAtNanos":} and {@code "sentAtNanos":}. */
    static final byte[] SENT_AT = "entAtNanos\":".getBytes(StandardCharsets.UTF_8);

    /** The {@code MessageTTLSeconds} of every event published, and so the AMQP TTL of its message. */
    static final int TTL_SECONDS = 60;

    private Frames() {
    }

    /** A QueueStatus event of the reference catalog for a queue, stamped with the publish time. */
    public static String queueStatus(UUID organization, UUID queue, long sentAtNanos) {
        return "{\"RootEntityType\":\"Organization\",\"RootEntityId\":\"" + organization + "\",\"EventType\":\"QueueStatus\","
                + "\"EntityType\":\"Queue\",\"EntityId\":\"" + queue + "\",\"MessageTTLSeconds\":" + TTL_SECONDS + ",\"QueueId\":\"" + queue
                + "\",\"OrganizationId\":\"" + organization + "\",\"QueueName\":\"Sales\",\"NbrOfProviders\":12,"
                + "\"NbrOfRequesters\":3,\"NbrOfQueuingRequesters\":2,\"MaxWaitTime\":31,\"OpenStatus\":5,"
                + "\"SentAtNanos\":" + sentAtNanos + ",\"Id\":\"" + UUID.randomUUID() + "\",\"Timestamp\":\"" + Instant.now() + "\"}";
    }

    /** The error of a SignalR Close message ({@code "type":7}) in a frame, {@code "Close"} without one; null for anything else. */
    static String closeError(Buffer frame) {
        String text = frame.toString(StandardCharsets.UTF_8);
        if (!text.contains("\"type\":7")) {
            return null;
        }
        int at = text.indexOf("\"error\":\"");
        if (at < 0) {
            return "Close";
        }
        int from = at + "\"error\":\"".length();
        int end = text.indexOf('"', from);
        return "Close: " + (end < 0 ? text.substring(from) : text.substring(from, end));
    }

    /** Calls {@code sink} with every publish time found in a frame (a frame may carry several records). */
    public static int forEachSentAt(Buffer frame, java.util.function.LongConsumer sink) {
        int found = 0;
        int from = 0;
        while (true) {
            int at = indexOf(frame, SENT_AT, from);
            if (at < 0) {
                return found;
            }
            sink.accept(parseLong(frame, at + SENT_AT.length));
            found++;
            from = at + SENT_AT.length;
        }
    }

    public static int indexOf(Buffer buffer, byte[] needle, int from) {
        int last = buffer.length() - needle.length;
        outer:
        for (int i = Math.max(0, from); i <= last; i++) {
            if (buffer.getByte(i) != needle[0]) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (buffer.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    public static long parseLong(Buffer buffer, int from) {
        long value = 0;
        int i = from;
        while (i < buffer.length() && buffer.getByte(i) == ' ') {
            i++;
        }
        for (; i < buffer.length(); i++) {
            byte b = buffer.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    /** The string value of the first {@code "key":"value"} in a frame, or null. */
    public static String stringField(Buffer buffer, String key, int from) {
        byte[] needle = ("\"" + key + "\":\"").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(buffer, needle, from);
        if (at < 0) {
            return null;
        }
        int start = at + needle.length;
        int end = start;
        while (end < buffer.length() && buffer.getByte(end) != '"') {
            end++;
        }
        return buffer.getString(start, end, "UTF-8");
    }
}
