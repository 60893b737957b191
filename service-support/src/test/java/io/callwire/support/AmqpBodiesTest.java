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

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
