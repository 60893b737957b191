package io.callwire.notifier;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One page of a list.
 *
 * @param total   how many there are in all, where counting is cheap (null otherwise)
 * @param hasMore whether a next page exists
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Page<T>(List<T> items, int page, int size, Long total, boolean hasMore) {
}
