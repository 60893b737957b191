package io.callwire.notifier.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.callwire.notifier.service.InvalidRequestException;

/** Query parameter checks shared by the resources. */
final class Paging {

    private Paging() {
    }

    static int page(int page) {
        if (page < 0) {
            throw new InvalidRequestException("page", "must be 0 or more");
        }
        return page;
    }

    static int size(int size) {
        if (size < 1 || size > 500) {
            throw new InvalidRequestException("size", "must be 1-500");
        }
        return size;
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(name, "is not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
