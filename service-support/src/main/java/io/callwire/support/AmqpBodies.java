package io.callwire.support;

import java.nio.charset.StandardCharsets;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The bytes of an AMQP message body, whatever the SmallRye AMQP connector made of it: a Data
 * section arrives as bytes or a buffer or, with content type {@code application/json}, already
 * decoded into a JSON object; an AmqpValue string arrives as text.
 */
public final class AmqpBodies {

    private AmqpBodies() {
    }

    /** The body as UTF-8 JSON bytes; throws {@link IllegalArgumentException} for a body that cannot be JSON. */
    public static byte[] bytes(Object payload) {
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof Buffer buffer) {
            return buffer.getBytes();
        }
        if (payload instanceof io.vertx.mutiny.core.buffer.Buffer buffer) {
            return buffer.getBytes();
        }
        if (payload instanceof JsonObject json) {
            return json.toBuffer().getBytes();
        }
        if (payload instanceof JsonArray json) {
            return json.toBuffer().getBytes();
        }
        if (payload instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("unsupported AMQP body " + (payload == null ? "null" : payload.getClass().getName()));
    }
}
