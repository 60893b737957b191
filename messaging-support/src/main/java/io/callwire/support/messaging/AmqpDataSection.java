package io.callwire.support.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.amqp.AmqpMessage;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;

/**
 * The bytes of an incoming AMQP message's own Data section, as they came off the wire. The SmallRye
 * connector parses a Data body labelled {@code application/json} into a {@code JsonObject} before the
 * application sees it; encoding that back into bytes was one more JSON encoding per event on the
 * services' hot paths (a third of the time of writing an event to its ten connections in
 * subscription-service's profile). Reading the section costs nothing: the array proton decoded into is
 * returned as it is whenever the section spans all of it, which is how proton hands a Data section over.
 */
public final class AmqpDataSection {

    private AmqpDataSection() {
    }

    /**
     * The message's Data section, or {@code null} when it has none (an AmqpValue body, a message that did
     * not come from the AMQP connector): the caller then reads the payload the connector made.
     */
    public static byte[] bytes(Message<?> message) {
        Section body = null;
        if (message instanceof AmqpMessage<?> amqp) {
            body = amqp.getBody();
        } else {
            Optional<IncomingAmqpMetadata> incoming = message.getMetadata(IncomingAmqpMetadata.class);
            if (incoming.isPresent()) {
                body = incoming.get().getMessage().unwrap().getBody();
            }
        }
        return bytes(body);
    }

    /** A message body's Data section, or {@code null} when the body is something else (an AmqpValue, none). */
    public static byte[] bytes(Section body) {
        if (body instanceof Data data && data.getValue() != null) {
            return bytes(data.getValue());
        }
        return null;
    }

    /** The bytes of a proton {@link Binary}: its own array when it spans all of it, else a copy. */
    public static byte[] bytes(Binary binary) {
        byte[] array = binary.getArray();
        int offset = binary.getArrayOffset();
        return offset == 0 && binary.getLength() == array.length ? array
                : Arrays.copyOfRange(array, offset, offset + binary.getLength());
    }

    /**
     * The JSON bytes of a body read off a link directly ({@link LinkReceiver}): its Data section (how Callwire's
     * publishers send events, labelled {@code application/json}), or an AmqpValue holding text or bytes.
     *
     * @throws IllegalArgumentException for any other body, naming what it is
     */
    public static byte[] json(Section body) {
        byte[] data = bytes(body);
        if (data != null) {
            return data;
        }
        if (body instanceof AmqpValue value) {
            if (value.getValue() instanceof Binary binary) {
                return bytes(binary);
            }
            if (value.getValue() instanceof String text) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("an AMQP body that is neither a Data section nor an AmqpValue of text or bytes: "
                + (body == null ? "none" : body instanceof AmqpValue value && value.getValue() != null
                        ? "an AmqpValue of " + value.getValue().getClass().getSimpleName() : body.getClass().getSimpleName()));
    }
}
