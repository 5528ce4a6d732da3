package io.d3mas.memory;

import java.util.Objects;

/**
 * A record found by a search, with its cosine similarity to the query (paper eq. 8).
 *
 * @since 0.1.0
 */
public record MemoryHit(MemoryRecord record, double score) {
    public MemoryHit {
        Objects.requireNonNull(record, "record");
    }
}
