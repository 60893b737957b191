package io.callwire.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The log records an application under test writes while a test runs, caught on the root logger of
 * the test JVM (a {@code @QuarkusTest} application logs in the test's JVM). For tests of what an
 * operator sees in the log: how many ERROR lines, how many stack traces.
 */
public final class LogCapture implements AutoCloseable {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
    }

    /** Starts catching every record of level INFO and above. */
    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.handler.setLevel(Level.INFO);
        Logger.getLogger("").addHandler(capture.handler);
        return capture;
    }

    /** The records caught so far. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The records caught so far at {@code level} or above. */
    public List<LogRecord> atLeast(Level level) {
        return records.stream().filter(record -> record.getLevel().intValue() >= level.intValue()).toList();
    }

    /** The records caught so far that carry an exception (printed with its stack trace). */
    public List<LogRecord> withStackTrace() {
        return records.stream().filter(record -> record.getThrown() != null).toList();
    }

    /** One line per record, for failure messages. */
    public static String describe(List<LogRecord> records) {
        StringBuilder out = new StringBuilder();
        for (LogRecord record : records) {
            out.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(": ").append(message(record));
            if (record.getThrown() != null) {
                out.append(" [").append(record.getThrown()).append(']');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The record's message with its parameters filled in. */
    public static String message(LogRecord record) {
        Object[] parameters = record.getParameters();
        String message = record.getMessage();
        if (message == null || parameters == null || parameters.length == 0) {
            return message;
        }
        try {
            return message.contains("%") ? String.format(message, parameters) : java.text.MessageFormat.format(message, parameters);
        } catch (RuntimeException e) {
            return message;
        }
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
    }
}
