package io.callwire.notifier.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.junit.jupiter.api.Test;

import io.vertx.amqp.impl.AmqpMessageImpl;

class EventListenerBodyTest {

    private static final String JSON = "{ \"b\" : 1,  \"a\" : \"x\" }";

    @Test
    void readsADataSectionAsItsOwnBytesEvenWhereItSharesAnArray() {
        byte[] framed = ("??" + JSON + "!").getBytes(StandardCharsets.UTF_8);
        assertThat(text(EventListener.body(new Data(new Binary(framed, 2, framed.length - 3))))).isEqualTo(JSON);
    }

    @Test
    void readsAnAmqpValueOfTextOrBytes() {
        assertThat(text(EventListener.body(new AmqpValue(JSON)))).isEqualTo(JSON);
        assertThat(text(EventListener.body(new AmqpValue(new Binary(JSON.getBytes(StandardCharsets.UTF_8)))))).isEqualTo(JSON);
    }

    @Test
    void refusesABodyThatCannotBeJsonNamingWhatItIs() {
        assertThatThrownBy(() -> EventListener.body(null)).hasMessageContaining("none");
        assertThatThrownBy(() -> EventListener.body(new AmqpSequence(java.util.List.of(1))))
                .hasMessageContaining("AmqpSequence");
    }

    @Test
    void takesTheTraceparentPropertyOnlyWhenItIsTextOfATraceparentsSize() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        assertThat(EventListener.traceparent(message(Map.of("traceparent", traceparent)))).isEqualTo(traceparent);
        assertThat(EventListener.traceparent(message(Map.of("traceparent", 42)))).isNull();
        assertThat(EventListener.traceparent(message(Map.of("traceparent", "0".repeat(257))))).isNull();
        assertThat(EventListener.traceparent(message(null))).isNull();
    }

    private static AmqpMessageImpl message(Map<String, Object> properties) {
        org.apache.qpid.proton.message.Message proton = org.apache.qpid.proton.message.Message.Factory.create();
        if (properties != null) {
            proton.setApplicationProperties(new ApplicationProperties(properties));
        }
        return new AmqpMessageImpl(proton);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
