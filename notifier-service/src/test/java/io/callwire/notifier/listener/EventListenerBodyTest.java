package io.callwire.notifier.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class EventListenerBodyTest {

    @Test
    void readsTheMessagesOwnDataSectionNotTheConnectorsReEncodedJson() {
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
        assertThat(new String(EventListener.body(message), StandardCharsets.UTF_8)).isEqualTo(sent);
    }

    @Test
    void readsAMessageWithoutAnAmqpBodyFromItsPayload() {
        String json = "{\"EventType\":\"QueueStatus\"}";
        assertThat(new String(EventListener.body(org.eclipse.microprofile.reactive.messaging.Message.of(new JsonObject(json))),
                StandardCharsets.UTF_8)).isEqualTo(json);
    }
}
