package io.callwire.subscription.endpoint;

import java.util.UUID;

/**
 * Marks the connection ids negotiated with stateful reconnect: the WebSocket upgrade carries only
 * the signed connection token, so the id inside it says whether the client agreed to it. The mark
 * is the UUID version nibble set to 8 (RFC 9562's custom version), the rest stays random.
 */
final class StatefulIds {

    private StatefulIds() {
    }

    static UUID mark(UUID random) {
        return new UUID((random.getMostSignificantBits() & ~0xF000L) | 0x8000L, random.getLeastSignificantBits());
    }

    static boolean isStateful(UUID connectionId) {
        return connectionId.version() == 8;
    }
}
