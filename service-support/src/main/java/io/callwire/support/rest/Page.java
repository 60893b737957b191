package io.callwire.support.rest;

import java.util.List;

/**
 * The one page shape of every list of every service: {@code {"items": [...], "page", "size", "total"}},
 * asked for with the query parameters {@code page} (0-based) and {@code size}.
 *
 * @param items the items of this page
 * @param page  zero-based page index
 * @param size  page size asked for
 * @param total number of items in all pages
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    /** Default {@code size} when none is given. */
    public static final int DEFAULT_SIZE = 20;
    /** Largest {@code size} a client may ask for. */
    public static final int MAX_SIZE = 100;

    /** Checks {@code page} (0 or more); 400 naming the parameter otherwise. */
    public static int page(int page) {
        if (page < 0) {
            throw ProblemException.invalid("page", "must be 0 or more");
        }
        return page;
    }

    /** Checks {@code size} (1 to {@link #MAX_SIZE}); 400 naming the parameter otherwise. */
    public static int size(int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw ProblemException.invalid("size", "must be 1-" + MAX_SIZE);
        }
        return size;
    }

    /** The offset of the first item of {@code page}. */
    public static long offset(int page, int size) {
        return (long) page * size;
    }
}
