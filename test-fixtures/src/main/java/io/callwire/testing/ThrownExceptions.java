package io.callwire.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The exceptions a piece of code constructs, thrown and caught inside libraries included, counted
 * with the JDK's own Flight Recorder ({@code jdk.JavaExceptionThrow}). An exception used for control
 * flow on a hot path fills in a stack trace every time, a cost sampling profilers do not show; this
 * lets a test hold a path to "no exception per request".
 */
public final class ThrownExceptions {

    /** One exception seen: its class and message. */
    public record Thrown(String className, String message) {
    }

    private ThrownExceptions() {
    }

    /** Runs {@code work} on this thread and returns the exceptions constructed meanwhile on this thread. */
    public static List<Thrown> during(Runnable work) {
        long thread = Thread.currentThread().threadId();
        return record(work, event -> event.getThread() != null && event.getThread().getJavaThreadId() == thread);
    }

    /**
     * Runs {@code work} and returns the exceptions constructed meanwhile on any thread of this JVM: for
     * work an application under test does on its own threads (a request served on an event loop).
     */
    public static List<Thrown> duringOnAnyThread(Runnable work) {
        return record(work, event -> true);
    }

    private static List<Thrown> record(Runnable work, Predicate<RecordedEvent> onThisThread) {
        try (Recording recording = new Recording()) {
            recording.enable("jdk.JavaExceptionThrow").withoutThreshold();
            recording.start();
            work.run();
            recording.stop();
            Path file = Files.createTempFile("thrown-exceptions", ".jfr");
            try {
                recording.dump(file);
                return RecordingFile.readAllEvents(file).stream()
                        .filter(event -> event.getEventType().getName().equals("jdk.JavaExceptionThrow"))
                        .filter(onThisThread)
                        .map(event -> new Thrown(event.getClass("thrownClass").getName(), event.getString("message")))
                        .toList();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
