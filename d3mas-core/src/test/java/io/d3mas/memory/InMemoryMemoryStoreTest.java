package io.d3mas.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.d3mas.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryMemoryStoreTest extends MemoryStoreContractTest {

    @Override
    protected MemoryStore newStore() {
        return new InMemoryMemoryStore(4);
    }

    @Test
    void should_take_its_dimension_from_the_first_record_when_none_is_given() {
        InMemoryMemoryStore store = new InMemoryMemoryStore();
        assertEquals(false, store.dimension().isPresent());
        store.add(record("a", "x", 1, 0));
        assertEquals(2, store.dimension().getAsInt());
        assertThrows(InvalidInputException.class, () -> store.add(record("b", "x", 1, 0, 0)));
    }

    @Test
    void should_break_score_ties_by_insertion_order() {
        InMemoryMemoryStore store = new InMemoryMemoryStore(4);
        store.addAll(List.of(
                record("first", "x", 1, 0, 0, 0), record("second", "x", 1, 0, 0, 0), record("third", "x", 1, 0, 0, 0)));
        assertEquals(
                List.of("first", "second"),
                store.search(MemoryQuery.of(new float[] {1, 0, 0, 0}, 2, 0)).stream()
                        .map(h -> h.record().id())
                        .toList());
    }

    @Test
    void should_reject_non_finite_vectors() {
        assertThrows(InvalidInputException.class, () -> record("a", "x", 1, Float.NaN, 0, 0));
        assertThrows(
                InvalidInputException.class,
                () -> MemoryQuery.of(new float[] {Float.POSITIVE_INFINITY, 0, 0, 0}, 1, 0));
    }

    @Test
    void should_give_searches_in_flight_the_rows_they_started_with_while_the_arrays_grow() throws Exception {
        InMemoryMemoryStore store =
                InMemoryMemoryStore.builder().dimension(4).searchThreads(2).build();
        store.add(record("seed", "x", 0, 0, 1, 0));
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 40_000; i += 100) {
                List<MemoryRecord> batch = new java.util.ArrayList<>();
                for (int j = i; j < i + 100; j++) {
                    batch.add(record("r" + j, "x", 1, j % 7, 0, 0));
                }
                store.addAll(batch);
            }
        });
        writer.start();
        int last = 0;
        while (writer.isAlive()) {
            List<MemoryHit> hits = store.search(MemoryQuery.of(new float[] {0, 0, 1, 0}, 3, 0.5));
            assertEquals(
                    List.of("seed"), hits.stream().map(h -> h.record().id()).toList());
            int seen = store.search(MemoryQuery.of(new float[] {1, 0, 0, 0}, 50_000, -1))
                    .size();
            assertEquals(0, (seen - 1) % 100, "a search saw part of a batch: " + seen);
            org.junit.jupiter.api.Assertions.assertTrue(seen >= last, "rows went missing: " + last + " then " + seen);
            last = seen;
        }
        writer.join();
        assertEquals(40_001, store.size());
    }
}
