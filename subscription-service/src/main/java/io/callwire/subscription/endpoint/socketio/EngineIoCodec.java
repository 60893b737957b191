package io.callwire.subscription.endpoint.socketio;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Engine.IO protocol v4 framing: packet types, the {@code open} packet, HTTP long-polling payloads
 * (packets joined by the record separator {@code 0x1E}) and the HTTP error bodies of the reference
 * server. Text only: Callwire sends no binary packets and refuses them.
 */
final class EngineIoCodec {

    static final char OPEN = '0';
    static final char CLOSE = '1';
    static final char PING = '2';
    static final char PONG = '3';
    static final char MESSAGE = '4';
    static final char UPGRADE = '5';
    static final char NOOP = '6';

    static final String PING_PACKET = "2";
    static final String CLOSE_PACKET = "1";
    static final String NOOP_PACKET = "6";
    static final String PROBE = "probe";

    /** Separates the packets of a long-polling payload. */
    static final char SEPARATOR = '\u001e';

    /** The only protocol revision served ({@code EIO=4}). */
    static final String VERSION = "4";

    static final String POLLING = "polling";
    static final String WEBSOCKET = "websocket";

    /** HTTP 400 answers of the reference server, body {@code {"code": n, "message": "..."}}. */
    enum Error {
        TRANSPORT_UNKNOWN(0, "Transport unknown"),
        UNKNOWN_SID(1, "Session ID unknown"),
        BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
        BAD_REQUEST(3, "Bad request"),
        FORBIDDEN(4, "Forbidden"),
        UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

        final int code;
        final String message;

        Error(int code, String message) {
            this.code = code;
            this.message = message;
        }

        String body() {
            return JsonNodeFactory.instance.objectNode().put("code", code).put("message", message).toString();
        }
    }

    private EngineIoCodec() {
    }

    /** The {@code open} packet that starts a session. */
    static String open(String sid, boolean canUpgrade, long pingIntervalMillis, long pingTimeoutMillis, int maxPayload) {
        ObjectNode open = JsonNodeFactory.instance.objectNode().put("sid", sid);
        var upgrades = open.putArray("upgrades");
        if (canUpgrade) {
            upgrades.add(WEBSOCKET);
        }
        open.put("pingInterval", pingIntervalMillis).put("pingTimeout", pingTimeoutMillis).put("maxPayload", maxPayload);
        return OPEN + open.toString();
    }

    /** The packets of a long-polling request body. */
    static List<String> split(String payload) {
        List<String> packets = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= payload.length(); i++) {
            if (i == payload.length() || payload.charAt(i) == SEPARATOR) {
                packets.add(payload.substring(start, i));
                start = i + 1;
            }
        }
        return packets;
    }

    /** A long-polling response body. */
    static String join(Collection<String> packets) {
        return String.join(String.valueOf(SEPARATOR), packets);
    }
}
