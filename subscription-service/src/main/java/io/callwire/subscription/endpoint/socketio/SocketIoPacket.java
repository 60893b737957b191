package io.callwire.subscription.endpoint.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Socket.IO protocol v5 packet (Socket.IO 3 and 4):
 * {@code <type>[<namespace>,][<ack id>][JSON data]}, carried in an Engine.IO {@code message}.
 *
 * @param type      {@link #CONNECT} … {@link #BINARY_ACK}
 * @param namespace {@code /} unless the packet names another
 * @param ackId     the acknowledgement id, or null
 * @param data      the JSON payload, or null
 */
record SocketIoPacket(int type, String namespace, Long ackId, JsonNode data) {

    static final int CONNECT = 0;
    static final int DISCONNECT = 1;
    static final int EVENT = 2;
    static final int ACK = 3;
    static final int CONNECT_ERROR = 4;
    static final int BINARY_EVENT = 5;
    static final int BINARY_ACK = 6;

    static final String MAIN_NAMESPACE = "/";

    /** A packet that does not follow the protocol; the Engine.IO session is closed. */
    static final class MalformedPacket extends Exception {
        MalformedPacket(String message) {
            super(message, null, false, false);
        }
    }

    /** Decodes the text of an Engine.IO message packet (without its leading {@code 4}). */
    static SocketIoPacket decode(String text, ObjectMapper mapper) throws MalformedPacket {
        if (text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '6') {
            throw new MalformedPacket("unknown packet type");
        }
        int type = text.charAt(0) - '0';
        if (type == BINARY_EVENT || type == BINARY_ACK) {
            throw new MalformedPacket("binary packets are not supported");
        }
        int i = 1;
        String namespace = MAIN_NAMESPACE;
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            namespace = comma < 0 ? text.substring(i) : text.substring(i, comma);
            i = comma < 0 ? text.length() : comma + 1;
        }
        int digits = i;
        while (digits < text.length() && Character.isDigit(text.charAt(digits)) && digits - i < 18) {
            digits++;
        }
        Long ackId = digits > i ? Long.parseLong(text.substring(i, digits)) : null;
        JsonNode data = null;
        if (digits < text.length()) {
            try {
                data = mapper.readTree(text.substring(digits));
            } catch (JsonProcessingException e) {
                throw new MalformedPacket("invalid JSON payload");
            }
        }
        boolean valid = switch (type) {
            case CONNECT -> data == null || data.isObject();
            case EVENT -> data != null && data.isArray() && !data.isEmpty() && data.get(0).isTextual();
            case ACK -> data != null && data.isArray() && ackId != null;
            case DISCONNECT -> data == null;
            default -> false; // CONNECT_ERROR only goes from server to client
        };
        if (!valid) {
            throw new MalformedPacket("invalid payload for packet type " + type);
        }
        return new SocketIoPacket(type, namespace, ackId, data);
    }

    /** {@code 40{"sid":…,"pid":…}} as an Engine.IO message: the namespace is joined. */
    static String connect(String sid, String pid) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("sid", sid).put("pid", pid);
        return "40" + data;
    }

    /** {@code 44{"message":…}} as an Engine.IO message: the client gets {@code connect_error} and gives up. */
    static String connectError(String namespace, String message) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("message", message);
        return "44" + (MAIN_NAMESPACE.equals(namespace) ? "" : namespace + ",") + data;
    }

    /** {@code 43<id>[…]} as an Engine.IO message. */
    static String ack(long id, JsonNode arguments) {
        return "43" + id + arguments;
    }

    /** {@code 41}: the server disconnects the client from the namespace (no automatic reconnection). */
    static String disconnect() {
        return "41";
    }
}
