package io.callwire.notifier.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.junit.jupiter.api.Test;

import io.vertx.amqp.impl.AmqpMessageImpl;

class EventListenerTraceparentTest {

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
}
