package io.d3mas.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.d3mas.InvalidInputException;
import io.d3mas.graph.Provenance;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The adapter on langchain4j's own in-memory store; the pgvector run is in d3mas-embed's integration tests. */
class EmbeddingStoreMemoryStoreTest extends MemoryStoreContractTest {

    @Override
    protected MemoryStore newStore() {
        return new EmbeddingStoreMemoryStore(new InMemoryEmbeddingStore<>(), 4);
    }

    @Test
    void should_keep_owner_and_provenance_in_the_segment_metadata() {
        InMemoryEmbeddingStore<TextSegment> raw = new InMemoryEmbeddingStore<>();
        EmbeddingStoreMemoryStore store = new EmbeddingStoreMemoryStore(raw, 4);
        store.add(new MemoryRecord(
                "m3",
                "geo",
                "The Rhine flows into the North Sea.",
                new float[] {1, 0, 0, 0},
                new Provenance(List.of("geo", "hist"), "atlas.txt"),
                List.of("hist"),
                List.of("m1")));
        TextSegment segment = raw.search(dev.langchain4j.store.embedding.EmbeddingSearchRequest.builder()
                        .queryEmbedding(Embedding.from(new float[] {1, 0, 0, 0}))
                        .build())
                .matches()
                .get(0)
                .embedded();
        assertEquals("m3", segment.metadata().getString("d3mas_id"));
        assertEquals("geo", segment.metadata().getString("d3mas_owner"));
        assertEquals("hist", segment.metadata().getString("d3mas_holder_1"));
        assertEquals("atlas.txt", segment.metadata().getString("d3mas_source"));
        assertEquals("[\"geo\",\"hist\"]", segment.metadata().getString("d3mas_contributors"));
    }

    @Test
    void should_say_so_when_the_embedding_store_holds_entries_it_did_not_write() {
        InMemoryEmbeddingStore<TextSegment> raw = new InMemoryEmbeddingStore<>();
        raw.add(Embedding.from(new float[] {1, 0, 0, 0}), TextSegment.from("someone else's"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new EmbeddingStoreMemoryStore(raw, 4)
                .search(MemoryQuery.of(new float[] {1, 0, 0, 0}, 1, 0)));
        assertTrue(e.getMessage().contains("d3mas_id"), e.getMessage());
    }

    @Test
    void should_reject_records_held_by_more_agents_than_the_metadata_keeps() {
        MemoryRecord crowded = new MemoryRecord(
                "c",
                "a0",
                "fact",
                new float[] {1, 0, 0, 0},
                Provenance.of("a0", "t"),
                List.of("a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"),
                List.of());
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> newStore().add(crowded));
        assertTrue(e.getMessage().contains("9 agents"), e.getMessage());
        assertEquals(
                0,
                newStore()
                        .search(new MemoryQuery(new float[] {1, 0, 0, 0}, 1, 0, Set.of("a8")))
                        .size());
    }
}
