package io.callwire.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.buffer.Buffer;

/** The Data section's bytes as sent, the very array proton decoded into; nothing for other bodies unless read as JSON. */
class AmqpDataSectionTest {

    private static Message<Object> incoming(AmqpMessage amqp) {
        return Message.of((Object) "what the connector made of it", Metadata.of(new IncomingAmqpMetadata(amqp)));
    }

    @Test
    void readsTheDataSectionAsSentWithoutCopyingIt() {
        byte[] json = "{\"EventType\":\"QueueStatus\"}".getBytes(StandardCharsets.UTF_8);
        AmqpMessage amqp = AmqpMessage.create().contentType("application/json").withBufferAsBody(Buffer.buffer(json)).build();
        byte[] read = AmqpDataSection.bytes(incoming(amqp));
        assertThat(read).isEqualTo(json);
        assertThat(AmqpDataSection.bytes(incoming(amqp))).as("the same array each time: no copy").isSameAs(read);
    }

    @Test
    void readsOnlyItsPartOfALargerArray() {
        byte[] frame = "xx{\"a\":1}yy".getBytes(StandardCharsets.UTF_8);
        AmqpMessage amqp = AmqpMessage.create().build();
        amqp.unwrap().setBody(new Data(new Binary(frame, 2, 7)));
        assertThat(new String(AmqpDataSection.bytes(incoming(amqp)), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void givesNothingForAnAmqpValueOrAMessageFromElsewhere() {
        assertThat(AmqpDataSection.bytes(incoming(AmqpMessage.create().withBody("{\"a\":1}").build()))).isNull();
        assertThat(AmqpDataSection.bytes(Message.of("{\"a\":1}"))).isNull();
    }

    @Test
    void readsABodyTakenOffALinkAsJsonBytes() {
        String json = "{ \"b\" : 1,  \"a\" : \"x\" }";
        byte[] framed = ("??" + json + "!").getBytes(StandardCharsets.UTF_8);
        assertThat(text(AmqpDataSection.json(new Data(new Binary(framed, 2, framed.length - 3))))).isEqualTo(json);
        assertThat(text(AmqpDataSection.json(new AmqpValue(json)))).isEqualTo(json);
        assertThat(text(AmqpDataSection.json(new AmqpValue(new Binary(json.getBytes(StandardCharsets.UTF_8)))))).isEqualTo(json);
    }

    @Test
    void refusesABodyThatCannotBeJsonNamingWhatItIs() {
        assertThatThrownBy(() -> AmqpDataSection.json(null)).hasMessageContaining("none");
        assertThatThrownBy(() -> AmqpDataSection.json(new AmqpSequence(List.of(1)))).hasMessageContaining("AmqpSequence");
        assertThatThrownBy(() -> AmqpDataSection.json(new AmqpValue(42))).hasMessageContaining("an AmqpValue of Integer");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
