package io.d3mas.memory;

import java.util.List;
import java.util.OptionalInt;

/**
 * Where the agents' memories live: the union of per-agent memory subgraphs (paper §4.4).
 *
 * <p>A store has two methods to implement, because writing and reading are separate concerns:
 * {@link #addAll} and {@link #search}. Implementations must be thread-safe: a solve searches from many
 * threads while knowledge may be added. A record belongs to its owner and to the agents it is shared with
 * ({@link MemoryRecord#isOwnedByAny}); the owner filter of a query matches either. A store that fails (closed,
 * a database gone) throws from {@code search}: the engine reports it and goes on without that memory. Extend {@code MemoryStoreContractTest} (test-jar of d3mas-core)
 * to check an implementation.
 *
 * @since 0.1.0
 */
public interface MemoryStore {

    /**
     * Adds records atomically: either all are stored or none is.
     *
     * @throws io.d3mas.InvalidInputException for a duplicate id (within the batch or with a stored record)
     *     or an embedding whose dimension differs from the store's
     */
    void addAll(List<MemoryRecord> records);

    /**
     * The best records for a query: score = cosine similarity, only scores above {@code minScore}, best
     * first, ties broken by insertion order, at most {@code topK}.
     *
     * @throws io.d3mas.InvalidInputException if the query's dimension differs from the store's
     */
    List<MemoryHit> search(MemoryQuery query);

    /**
     * Replaces stored records by records with the same ids, atomically like {@link #addAll}. An optional
     * operation: the ingestion API ({@link MemoryIngestor}) uses it to add contributors to a stored near-duplicate.
     * The default throws {@link UnsupportedOperationException}; the ingestor then keeps the stored record as it
     * is and reports the contributors it could not add.
     *
     * @throws io.d3mas.InvalidInputException for an id that is not stored, a repeated id or a dimension mismatch
     * @throws UnsupportedOperationException if the store cannot replace records
     */
    default void replaceAll(List<MemoryRecord> records) {
        throw new UnsupportedOperationException(getClass().getName()
                + " cannot replace stored records; implement MemoryStore.replaceAll to merge near-duplicates into it");
    }

    /** Adds one record. */
    default void add(MemoryRecord record) {
        addAll(List.of(record));
    }

    /** The embedding dimension the store holds, once known. */
    default OptionalInt dimension() {
        return OptionalInt.empty();
    }
}
