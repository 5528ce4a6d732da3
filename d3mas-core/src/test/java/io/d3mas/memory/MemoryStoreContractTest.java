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

/**
 * The behaviour every {@link MemoryStore} must have. Extend it and return a new, empty store of dimension 4.
 * {@link MemoryStore#replaceAll} is optional: a store without it must throw {@link UnsupportedOperationException}
 * and override {@link #supportsReplace()}.
 */
public abstract class MemoryStoreContractTest {

    /** A new, empty store for 4-dimensional vectors. */
    protected abstract MemoryStore newStore();

    /** Whether the store implements {@link MemoryStore#replaceAll}. */
    protected boolean supportsReplace() {
        return true;
    }

    /** How many records the concurrency test adds per writer thread (lower it for stores with slow commits). */
    protected int recordsPerWriter() {
        return 300;
    }

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
                for (int i = 0; i < recordsPerWriter(); i++) {
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
                2 * recordsPerWriter(),
                store.search(MemoryQuery.of(new float[] {0, 0, 1, 0}, 1000, -1)).size());
    }

    @Test
    void should_give_back_every_field_of_a_record_as_it_was_added() {
        MemoryStore store = newStore();
        MemoryRecord full = new MemoryRecord(
                "full",
                "x",
                "Rivers \"flow\" <b>downhill</b> — ünïcödé",
                new float[] {0.25f, -0.5f, 0.125f, 3f},
                new Provenance(List.of("x", "y"), "atlas.txt; notes.md"),
                List.of("y", "z"),
                List.of("other-1", "other-2"));
        store.add(full);
        List<MemoryHit> hits = store.search(MemoryQuery.of(new float[] {0.25f, -0.5f, 0.125f, 3f}, 1, 0));
        assertEquals(full, hits.get(0).record());
        assertEquals(1.0, hits.get(0).score(), 1e-6);
    }

    @Test
    void should_match_the_owner_filter_on_agents_a_record_is_shared_with() {
        MemoryStore store = newStore();
        store.addAll(List.of(
                new MemoryRecord(
                        "shared",
                        "x",
                        "fact shared",
                        new float[] {1, 0, 0, 0},
                        Provenance.of("x", "t"),
                        List.of("y"),
                        List.of()),
                record("own", "x", 1, 0.1f, 0, 0)));
        List<MemoryHit> forY = store.search(new MemoryQuery(new float[] {1, 0, 0, 0}, 5, 0, Set.of("y")));
        assertEquals(List.of("shared"), forY.stream().map(h -> h.record().id()).toList());
        assertEquals(List.of("y"), forY.get(0).record().sharedWith());
        assertEquals(
                2,
                store.search(new MemoryQuery(new float[] {1, 0, 0, 0}, 5, 0, Set.of("x")))
                        .size());
        assertEquals(
                0,
                store.search(new MemoryQuery(new float[] {1, 0, 0, 0}, 5, 0, Set.of("z")))
                        .size());
    }

    @Test
    void should_replace_a_stored_record_or_say_it_cannot() {
        MemoryStore store = newStore();
        store.add(record("a", "x", 1, 0, 0, 0));
        MemoryRecord more = record("a", "x", 1, 0, 0, 0).withProvenance(new Provenance(List.of("x", "y"), "t; u"));
        if (!supportsReplace()) {
            assertThrows(UnsupportedOperationException.class, () -> store.replaceAll(List.of(more)));
            return;
        }
        store.replaceAll(List.of(more));
        List<MemoryHit> hits = store.search(MemoryQuery.of(new float[] {1, 0, 0, 0}, 5, 0));
        assertEquals(List.of(more), hits.stream().map(MemoryHit::record).toList());
        InvalidInputException unknown = assertThrows(
                InvalidInputException.class, () -> store.replaceAll(List.of(record("b", "x", 0, 1, 0, 0))));
        assertTrue(unknown.getMessage().contains("'b'"), unknown.getMessage());
        // a replaced vector moves the record
        store.replaceAll(List.of(record("a", "x", 0, 1, 0, 0)));
        assertEquals(
                0,
                store.search(MemoryQuery.of(new float[] {1, 0, 0, 0}, 5, 0.5)).size());
        assertEquals(
                1,
                store.search(MemoryQuery.of(new float[] {0, 1, 0, 0}, 5, 0.5)).size());
    }

    @Test
    void should_accept_an_empty_batch_and_find_nothing_for_a_zero_query() {
        MemoryStore store = newStore();
        store.addAll(List.of());
        store.add(record("a", "x", 1, 0, 0, 0));
        assertEquals(List.of(), store.search(MemoryQuery.of(new float[] {0, 0, 0, 0}, 5, -1)));
    }
}
