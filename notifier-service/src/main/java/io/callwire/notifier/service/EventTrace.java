package io.callwire.notifier.service;

import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * The OpenTelemetry context of the trace an event arrived in, from the {@code traceparent} stored with each of
 * its jobs: what the job's webhook requests and receipts continue.
 */
final class EventTrace {

    private EventTrace() {
    }

    /**
     * The context of the stored {@code traceparent}, or null: none, or malformed (ignored: what would have
     * continued it starts a trace of its own rather than fail).
     */
    static Context of(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        try {
            Context event = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, TRACEPARENT);
            return Span.fromContext(event).getSpanContext().isValid() ? event : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Reads the one header of W3C trace context out of a stored {@code traceparent} (no {@code tracestate}). */
    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String traceparent) {
            return List.of("traceparent");
        }

        @Override
        public String get(String traceparent, String key) {
            return "traceparent".equals(key) ? traceparent : null;
        }
    };
}
