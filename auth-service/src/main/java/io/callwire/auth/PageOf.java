package io.callwire.auth;

import java.util.List;

/** One page of a list: the items, the page index (from 0), the page size and the total count. */
public record PageOf<T>(List<T> items, int page, int size, long total) {
}
