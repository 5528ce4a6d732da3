package io.d3mas.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.InvalidInputException;
import io.d3mas.graph.Provenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link MemoryStore} must have. Extend it and return a new, empty store of dimension 4. */
public abstract class MemoryStoreContractTest {

    /** A new, empty store for 4-dimensional vectors. */
    protected abstract MemoryStore newStore();

    protected static MemoryRecord record(String id, String owner, float... v) {
        return new MemoryRecord(id, owner, "fact " + id, v, Provenance.of(owner, "test"));
    }

    @Test
    void should_return_best_hits_first_above_the_threshold_and_at_most_k() {
        MemoryStore store = newStore();
        store.addAll(List.of(
                record("a", "x", 1, 0, 0, 0),
                record("b", "x", 1, 1, 0, 0),
                record("c", "y", 0, 1, 0, 0),
                record("d", "y", -1, 0, 0, 0)));
        List<MemoryHit> hits = store.search(MemoryQuery.of(new float[] {1, 0, 0, 0}, 2, 0.0));
        assertEquals(List.of("a", "b"), hits.stream().map(h -> h.record().id()).toList());
        assertEquals(1.0, hits.get(0).score(), 1e-6);
        assertEquals(Math.sqrt(0.5), hits.get(1).score(), 1e-6);
        // strictly above θ: c scores exactly 0 and is left out, d is negative
        assertEquals(
                2,
                store.search(MemoryQuery.of(new float[] {1, 0, 0, 0}, 10, 0.0)).size());
    }

    @Test
    void should_search_only_the_given_owners() {
        MemoryStore store = newStore();
        store.addAll(List.of(record("a", "x", 1, 0, 0, 0), record("b", "y", 1, 0.1f, 0, 0)));
        List<MemoryHit> hits = store.search(new MemoryQuery(new float[] {1, 0, 0, 0}, 5, 0.5, Set.of("y")));
        assertEquals(List.of("b"), hits.stream().map(h -> h.record().id()).toList());
        assertEquals("y", hits.get(0).record().ownerAgentId());
        assertEquals("test", hits.get(0).record().provenance().source());
    }

    @Test
    void should_reject_duplicate_ids_and_store_nothing_of_that_batch() {
        MemoryStore store = newStore();
        store.add(record("a", "x", 1, 0, 0, 0));
        assertThrows(
                InvalidInputException.class,
                () -> store.addAll(List.of(record("b", "x", 0, 1, 0, 0), record("a", "x", 0, 0, 1, 0))));
        assertThrows(
                InvalidInputException.class,
                () -> store.addAll(List.of(record("c", "x", 0, 1, 0, 0), record("c", "x", 0, 0, 1, 0))));
        assertEquals(
                1,
                store.search(MemoryQuery.of(new float[] {1, 1, 1, 0}, 10, -1)).size());
    }

    @Test
    void should_reject_a_dimension_mismatch_naming_both_dimensions() {
        MemoryStore store = newStore();
        store.add(record("a", "x", 1, 0, 0, 0));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> store.add(record("b", "x", 1, 0)));
        assertTrue(e.getMessage().contains("2") && e.getMessage().contains("4"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> store.search(MemoryQuery.of(new float[] {1, 0}, 1, 0)));
    }

    @Test
    void should_return_nothing_from_an_empty_store() {
        assertEquals(List.of(), newStore().search(MemoryQuery.of(new float[] {1, 0, 0, 0}, 3, 0)));
    }

    @Test
    void should_serve_searches_while_records_are_added() throws Exception {
        MemoryStore store = newStore();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                Random random = new Random(thread);
                for (int i = 0; i < 300; i++) {
                    store.add(record(thread + "-" + i, "x", random.nextFloat(), random.nextFloat(), 1, 0));
                }
            }));
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    List<MemoryHit> hits = store.search(MemoryQuery.of(new float[] {0, 0, 1, 0}, 5, 0));
                    for (int k = 1; k < hits.size(); k++) {
                        assertTrue(hits.get(k - 1).score() >= hits.get(k).score());
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertEquals(
                5, store.search(MemoryQuery.of(new float[] {0, 0, 1, 0}, 5, 0)).size());
        assertEquals(
                600,
                store.search(MemoryQuery.of(new float[] {0, 0, 1, 0}, 1000, -1)).size());
    }
}
