package io.callwire.support.messaging;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Turns the SmallRye AMQP connector's report of a message it could not read into one counted, rate-limited
 * WARN line. The connector parses every Data body labelled {@code application/json} itself, before the
 * application sees the message, and has no option to stop doing so; when the body is not JSON it drops the
 * message and logs an ERROR with a ~40-line stack trace (SRMSG16229). A broken or hostile publisher could
 * thus write the log full, one stack trace per message. This filter, set on the connector's logger, counts
 * each such message in {@code callwire.amqp.messages.unreadable} (tag {@code channel}) and lets at most one
 * WARN line per channel and {@link #REPORT_INTERVAL_SECONDS} through, naming the problem, the count since
 * the last line and the parser's reason, without a stack trace. Every other record of the connector passes
 * unchanged.
 */
@ApplicationScoped
public class UnreadableBodyLog implements Filter {

    /** The connector's logger (its {@code AMQPLogging}). */
    static final String CONNECTOR_LOGGER = "io.smallrye.reactive.messaging.amqp";
    /** "Unable to deserialize AMQP message on channel `%s`, message ignored". */
    static final String UNREADABLE_MESSAGE_ID = "SRMSG16229";
    static final long REPORT_INTERVAL_SECONDS = 60;
    private static final String JSON = "application/json";

    private static final Logger LOG = Logger.getLogger(UnreadableBodyLog.class);

    private final MeterRegistry registry;
    private final LongSupplier nanoTime;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private Filter previous;

    @Inject
    public UnreadableBodyLog(MeterRegistry registry) {
        this(registry, System::nanoTime);
    }

    UnreadableBodyLog(MeterRegistry registry, LongSupplier nanoTime) {
        this.registry = registry;
        this.nanoTime = nanoTime;
    }

    /** Before the channels connect, so that the first message already meets the filter. */
    void install(@Observes @Priority(1) StartupEvent started) {
        java.util.logging.Logger connector = java.util.logging.Logger.getLogger(CONNECTOR_LOGGER);
        Filter current = connector.getFilter();
        // a test JVM starts the application again for another profile: do not chain onto our own
        previous = current instanceof UnreadableBodyLog ours ? ours.previous : current;
        connector.setFilter(this);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        if (message == null || !message.startsWith(UNREADABLE_MESSAGE_ID)) {
            return previous == null || previous.isLoggable(record);
        }
        Object[] parameters = record.getParameters();
        String channel = parameters != null && parameters.length > 0 ? String.valueOf(parameters[0]) : "?";
        channels.computeIfAbsent(channel, this::channel).dropped(record.getThrown());
        return false;
    }

    /**
     * For a service that reads its messages itself rather than through the connector ({@link LinkReceiver}): if
     * the body could not be read because it is labelled {@code application/json} and is not JSON (the parser's
     * {@link IOException} is the failure's cause), counts and reports it the same way and returns true; for any
     * other failure returns false, and the caller reports it itself.
     */
    public boolean unreadable(String channel, String contentType, Exception failure) {
        if (failure.getCause() instanceof IOException notJson && JSON.equals(contentType)) {
            channels.computeIfAbsent(channel, this::channel).dropped(notJson);
            return true;
        }
        return false;
    }

    private Channel channel(String name) {
        return new Channel(name, Counter.builder("callwire.amqp.messages.unreadable").tag("channel", name)
                .description("Messages dropped (by the AMQP connector, or by a service reading its link itself) because "
                        + "their body is not what its content type says (a body labelled application/json that is not JSON)")
                .register(registry));
    }

    /** One incoming channel's count and the time its next WARN line may be written. */
    private final class Channel {
        private final String name;
        private final Counter counter;
        private final AtomicLong unreported = new AtomicLong();
        private final AtomicLong nextReport;

        Channel(String name, Counter counter) {
            this.name = name;
            this.counter = counter;
            this.nextReport = new AtomicLong(nanoTime.getAsLong());
        }

        void dropped(Throwable reason) {
            counter.increment();
            long count = unreported.incrementAndGet();
            long now = nanoTime.getAsLong();
            long next = nextReport.get();
            if (now - next < 0 || !nextReport.compareAndSet(next, now + TimeUnit.SECONDS.toNanos(REPORT_INTERVAL_SECONDS))) {
                return;
            }
            count = unreported.getAndSet(0);
            LOG.warnf("channel `%s`: dropped %d message(s) whose body is labelled application/json but is not JSON "
                    + "(the latest: %s); counted in callwire_amqp_messages_unreadable_total, reported at most once in %d s",
                    name, count, reason(reason), REPORT_INTERVAL_SECONDS);
        }
    }

    /** The parser's reason, short and on one line: it quotes bytes of the body, which the sender chose. */
    static String reason(Throwable reason) {
        if (reason == null) {
            return "no reason given";
        }
        String text = reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
        int end = text.indexOf('\n');
        if (end >= 0) {
            text = text.substring(0, end);
        }
        if (text.length() > 120) {
            text = text.substring(0, 120) + "...";
        }
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return clean.toString();
    }
}
