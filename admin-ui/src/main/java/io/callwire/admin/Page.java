package io.callwire.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One page of a list, in the shape every service answers (contract 3: {@code items}, 0-based
 * {@code page}, {@code size}, {@code total}). Unknown members (a service's {@code hasMore}) are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Page<T>(List<T> items, int page, int size, Long total) {

    public Page {
        items = items == null ? List.of() : items;
    }

    public long totalOrCount() {
        return total == null ? items.size() : total;
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return total == null ? items.size() >= size && size > 0 : (long) (page + 1) * size < total;
    }

    public int next() {
        return page + 1;
    }

    public int previous() {
        return Math.max(0, page - 1);
    }

    /** "21–40 of 57", for the pager and screen readers. */
    public String range() {
        if (items.isEmpty()) {
            return "0 of " + totalOrCount();
        }
        long first = (long) page * size + 1;
        return first + "–" + (first + items.size() - 1) + " of " + totalOrCount();
    }
}
