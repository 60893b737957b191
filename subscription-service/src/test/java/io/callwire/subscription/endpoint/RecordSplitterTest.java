package io.callwire.subscription.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The record splitter examines each byte once, however the records are cut into frames. */
class RecordSplitterTest {

    @Test
    void splitsRecordsSharingAFrameAndARecordSpanningFrames() {
        RecordSplitter splitter = new RecordSplitter(1024);
        List<String> records = new ArrayList<>();
        RecordSplitter.RecordConsumer collect = record -> records.add(new String(record, StandardCharsets.UTF_8)) || true;
        assertThat(splitter.append("{\"a\":1}\u001e{\"b\"".getBytes(StandardCharsets.UTF_8), collect)).isTrue();
        assertThat(splitter.append(":2}\u001e\u001e".getBytes(StandardCharsets.UTF_8), collect)).isTrue();
        assertThat(records).containsExactly("{\"a\":1}", "{\"b\":2}", "");
    }

    @Test
    void refusesAnUnterminatedRecordPastTheLimit() {
        RecordSplitter splitter = new RecordSplitter(10);
        assertThat(splitter.append("0123456789".getBytes(StandardCharsets.UTF_8), r -> true)).isTrue();
        assertThat(splitter.append("x".getBytes(StandardCharsets.UTF_8), r -> true)).isFalse();
    }

    @Test
    void takesLinearTimeForARecordSentAsOneByteFrames() {
        // 64 KiB in 1-byte frames: a rescan of everything pending on every frame reads ~2×10⁹ bytes
        // (seconds of one event loop); one pass reads 65,536
        int size = 65_536;
        RecordSplitter splitter = new RecordSplitter(size + 1);
        byte[][] frames = new byte[size + 1][];
        for (int i = 0; i < size; i++) {
            frames[i] = new byte[] {'x'};
        }
        frames[size] = new byte[] {RecordSplitter.RECORD_SEPARATOR};
        int[] lengths = {-1};
        long started = System.nanoTime();
        for (byte[] frame : frames) {
            splitter.append(frame, record -> {
                lengths[0] = record.length;
                return true;
            });
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(lengths[0]).isEqualTo(size);
        assertThat(millis).as("ms for 65,537 one-byte frames").isLessThan(500);
    }
}
