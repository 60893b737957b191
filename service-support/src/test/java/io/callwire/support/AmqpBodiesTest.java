package io.callwire.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

class AmqpBodiesTest {

    private static final String JSON = "{\"EventType\":\"QueueStatus\"}";

    @Test
    void readsEveryShapeTheConnectorDeliversAsTheSameJson() {
        assertThat(text(AmqpBodies.bytes(JSON.getBytes(StandardCharsets.UTF_8)))).isEqualTo(JSON);
        assertThat(text(AmqpBodies.bytes(Buffer.buffer(JSON)))).isEqualTo(JSON);
        assertThat(text(AmqpBodies.bytes(io.vertx.mutiny.core.buffer.Buffer.buffer(JSON)))).isEqualTo(JSON);
        assertThat(text(AmqpBodies.bytes(new JsonObject(JSON)))).isEqualTo(JSON);
        assertThat(text(AmqpBodies.bytes(JSON))).isEqualTo(JSON);
    }

    @Test
    void refusesABodyThatCannotBeJsonNamingItsType() {
        assertThatThrownBy(() -> AmqpBodies.bytes(42)).hasMessageContaining("java.lang.Integer");
        assertThatThrownBy(() -> AmqpBodies.bytes(null)).hasMessageContaining("null");
    }

    @Test
    void readsAnIncomingMessagesOwnDataSectionNotTheConnectorsReEncodedJson() {
        // spacing and key order the connector's JsonObject would not keep: the bytes must be the sender's own
        String sent = "{ \"b\" : 1,  \"a\" : \"x\" }";
        byte[] framed = ("??" + sent + "!").getBytes(StandardCharsets.UTF_8);
        org.apache.qpid.proton.message.Message proton = org.apache.qpid.proton.message.Message.Factory.create();
        proton.setContentType("application/json");
        proton.setBody(new org.apache.qpid.proton.amqp.messaging.Data(
                new org.apache.qpid.proton.amqp.Binary(framed, 2, framed.length - 3)));
        var message = new io.smallrye.reactive.messaging.amqp.AmqpMessage<>(
                new io.vertx.amqp.impl.AmqpMessageImpl(proton), null, null, false, false);
        assertThat(message.getPayload()).isInstanceOf(JsonObject.class); // what the connector made of it
        assertThat(text(AmqpBodies.bytes(message))).isEqualTo(sent);
    }

    @Test
    void readsAMessageWithoutAnAmqpBodyFromItsPayload() {
        assertThat(text(AmqpBodies.bytes(org.eclipse.microprofile.reactive.messaging.Message.of(new JsonObject(JSON)))))
                .isEqualTo(JSON);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
