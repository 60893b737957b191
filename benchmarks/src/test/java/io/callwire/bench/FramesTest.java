package io.callwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

class FramesTest {

    @Test
    void findsEveryPublishTimeInAFrameWhateverTheCaseOfTheField() {
        String event = Frames.queueStatus(UUID.randomUUID(), UUID.randomUUID(), 123456789L);
        String record = "{\"type\":1,\"target\":\"MessageReceived\",\"arguments\":[{\"subscription\":{},\"data\":"
                + event.replace("SentAtNanos", "sentAtNanos") + "}]}\u001e";
        List<Long> found = new ArrayList<>();
        int count = Frames.forEachSentAt(Buffer.buffer(record + record.replace("123456789", "42")), found::add);
        assertThat(count).isEqualTo(2);
        assertThat(found).containsExactly(123456789L, 42L);
    }

    @Test
    void readsAStringField() {
        UUID queue = UUID.randomUUID();
        Buffer event = Buffer.buffer(Frames.queueStatus(UUID.randomUUID(), queue, 1));
        assertThat(Frames.stringField(event, "EntityId", 0)).isEqualTo(queue.toString());
        assertThat(Frames.stringField(event, "Missing", 0)).isNull();
    }
}
