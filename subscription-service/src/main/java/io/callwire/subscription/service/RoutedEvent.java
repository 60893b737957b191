package io.callwire.subscription.service;

import java.util.function.Function;

import io.callwire.contract.event.EventEnvelope;

/**
 * One event on its way to its recipients, with the encodings the faces made of it: each face's
 * encoding is computed once per event, whatever the number of recipients ("encode once"), and
 * shared by the event loops that write it. Two faces may both ask; each gets its own slot.
 */
public final class RoutedEvent {

    private final EventEnvelope event;
    private final boolean snapshot;
    private volatile Object[] encodings = new Object[0];
    private volatile Function<EventEnvelope, ?>[] encoders = newArray(0);

    public RoutedEvent(EventEnvelope event, boolean snapshot) {
        this.event = event;
        this.snapshot = snapshot;
    }

    /** The event. */
    public EventEnvelope event() {
        return event;
    }

    /** Whether this is the latest state re-sent after a Subscribe rather than a live event. */
    public boolean snapshot() {
        return snapshot;
    }

    /**
     * The event encoded by {@code encoder}, computed on first use. Use one constant encoder per
     * face (identity is the key). Called once per delivery: a known encoding is read without a lock
     * (the two arrays are replaced together, encodings first, and only ever grow).
     */
    @SuppressWarnings("unchecked")
    public <T> T encoded(Function<EventEnvelope, T> encoder) {
        Function<EventEnvelope, ?>[] known = encoders;
        Object[] values = encodings;
        for (int i = 0; i < known.length; i++) {
            if (known[i] == encoder) {
                return (T) values[i];
            }
        }
        return encodeOnce(encoder);
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> T encodeOnce(Function<EventEnvelope, T> encoder) {
        Function<EventEnvelope, ?>[] known = encoders;
        for (int i = 0; i < known.length; i++) {
            if (known[i] == encoder) {
                return (T) encodings[i];
            }
        }
        T value = encoder.apply(event);
        Function<EventEnvelope, ?>[] grownEncoders = java.util.Arrays.copyOf(known, known.length + 1);
        Object[] grownEncodings = java.util.Arrays.copyOf(encodings, known.length + 1);
        grownEncoders[known.length] = encoder;
        grownEncodings[known.length] = value;
        encodings = grownEncodings;
        encoders = grownEncoders;
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Function<EventEnvelope, ?>[] newArray(int size) {
        return (Function<EventEnvelope, ?>[]) new Function[size];
    }
}
