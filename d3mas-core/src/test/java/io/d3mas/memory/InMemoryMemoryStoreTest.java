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
        assertThrows(IllegalArgumentException.class, () -> record("a", "x", 1, Float.NaN, 0, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> MemoryQuery.of(new float[] {Float.POSITIVE_INFINITY, 0, 0, 0}, 1, 0));
    }
}
