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

    /**
     * The body of an incoming AMQP message as UTF-8 JSON bytes. A Data section sent as
     * {@code application/json} has already been parsed into a {@code JsonObject} by the connector;
     * serializing that back costs a JSON encoding per message on a hot consumer, so the message's own
     * Data section is read instead. Any other body goes through {@link #bytes(Object)}. Needs the
     * SmallRye AMQP connector on the class path (every service that consumes AMQP has it).
     */
    public static byte[] bytes(org.eclipse.microprofile.reactive.messaging.Message<?> message) {
        org.apache.qpid.proton.amqp.messaging.Section body = null;
        if (message instanceof io.smallrye.reactive.messaging.amqp.AmqpMessage<?> amqp) {
            body = amqp.getBody();
        } else {
            var incoming = message.getMetadata(io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata.class);
            if (incoming.isPresent()) {
                body = incoming.get().getMessage().unwrap().getBody();
            }
        }
        if (body instanceof org.apache.qpid.proton.amqp.messaging.Data data && data.getValue() != null) {
            org.apache.qpid.proton.amqp.Binary binary = data.getValue();
            byte[] array = binary.getArray();
            int offset = binary.getArrayOffset();
            return offset == 0 && binary.getLength() == array.length ? array
                    : java.util.Arrays.copyOfRange(array, offset, offset + binary.getLength());
        }
        return bytes(message.getPayload());
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
