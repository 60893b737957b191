package io.callwire.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import io.callwire.testing.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The connector's "message ignored" record becomes a count and at most one WARN line a minute per channel,
 * without a stack trace; its other records pass.
 */
class UnreadableBodyLogTest {

    private static LogRecord unreadable(String channel, String reason) {
        LogRecord record = new LogRecord(Level.SEVERE, "SRMSG16229: Unable to deserialize AMQP message on channel `%s`, message ignored");
        record.setParameters(new Object[] {channel});
        record.setThrown(new IllegalArgumentException(reason));
        return record;
    }

    @Test
    void countsEveryUnreadableMessageAndWritesOneLineAMinutePerChannel() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicLong now = new AtomicLong(0);
        UnreadableBodyLog filter = new UnreadableBodyLog(registry, now::get);
        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 500; i++) {
                assertThat(filter.isLoggable(unreadable("events", "Failed to decode:Unrecognized token 'x'"))).isFalse();
            }
            filter.isLoggable(unreadable("revocations", "Failed to decode"));
            now.addAndGet(TimeUnit.SECONDS.toNanos(61));
            filter.isLoggable(unreadable("events", "Failed to decode:\nsecond line\u0007"));

            List<String> lines = log.records().stream().filter(r -> r.getLoggerName().equals(UnreadableBodyLog.class.getName()))
                    .map(LogCapture::message).toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).startsWith("channel `events`: dropped 1 message(s) whose body is labelled application/json but is not JSON");
            assertThat(lines.get(1)).startsWith("channel `revocations`: dropped 1 message(s)");
            // the 499 left unreported in the first minute, and the one that opened the second
            assertThat(lines.get(2)).startsWith("channel `events`: dropped 500 message(s)").contains("(the latest: Failed to decode:)");
            assertThat(log.withStackTrace()).isEmpty();
        }
        assertThat(registry.counter("callwire.amqp.messages.unreadable", "channel", "events").count()).isEqualTo(501);
        assertThat(registry.counter("callwire.amqp.messages.unreadable", "channel", "revocations").count()).isEqualTo(1);
    }

    @Test
    void letsTheConnectorsOtherRecordsThrough() {
        UnreadableBodyLog filter = new UnreadableBodyLog(new SimpleMeterRegistry(), System::nanoTime);
        LogRecord other = new LogRecord(Level.SEVERE, "SRMSG16206: Failed to retrieve messages, no more retry");
        assertThat(filter.isLoggable(other)).isTrue();
    }

    @Test
    void aServiceReadingItsOwnLinkReportsOnlyABodyLabelledJsonThatIsNotJson() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        UnreadableBodyLog log = new UnreadableBodyLog(registry, System::nanoTime);
        Exception notJson = new IllegalArgumentException("not JSON", new java.io.IOException("Unrecognized token 'x'"));

        assertThat(log.unreadable("events", "application/json", notJson)).as("labelled JSON, not JSON").isTrue();
        assertThat(log.unreadable("events", "text/plain", notJson)).as("not labelled JSON: the caller's to report").isFalse();
        assertThat(log.unreadable("events", "application/json", new IllegalArgumentException("no EntityId")))
                .as("JSON, but not an event: the caller's to report").isFalse();
        assertThat(registry.counter("callwire.amqp.messages.unreadable", "channel", "events").count()).isEqualTo(1);
    }

    @Test
    void keepsAControlCharacterOfTheSendersBytesOutOfTheLine() {
        assertThat(UnreadableBodyLog.reason(new IllegalStateException("bad \u001b[31m token"))).isEqualTo("bad ?[31m token");
        assertThat(UnreadableBodyLog.reason(new IllegalStateException("x".repeat(500)))).hasSize(123);
    }
}
