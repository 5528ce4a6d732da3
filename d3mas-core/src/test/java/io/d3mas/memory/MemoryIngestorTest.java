package io.d3mas.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.InvalidInputException;
import io.d3mas.WordHashEmbeddingModel;
import io.d3mas.agent.AgentProfile;
import io.d3mas.graph.Provenance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryIngestorTest {

    private final WordHashEmbeddingModel model = new WordHashEmbeddingModel(512);

    private MemoryIngestor ingestor(MemoryStore store) {
        return MemoryIngestor.builder(store, model)
                .agent(AgentProfile.of("geo", "rivers mountains lakes"))
                .agent(AgentProfile.of("hist", "wars treaties kings"))
                .relateThreshold(0.3)
                .build();
    }

    private static String ownerOf(IngestReport r, int i) {
        return r.added().get(i).ownerAgentId();
    }

    @Test
    void should_give_each_chunk_to_the_agent_with_the_closest_profile_and_share_ties() {
        InMemoryMemoryStore store = new InMemoryMemoryStore();
        IngestReport r = ingestor(store)
                .ingest(List.of(Document.of(
                        "atlas.txt",
                        "The rivers cross the mountains.\n\nThe kings signed treaties after wars.\n\n"
                                + "Kings fought wars over rivers and mountains.")));
        assertEquals(3, r.chunks());
        assertEquals("geo", ownerOf(r, 0));
        assertEquals(List.of(), r.added().get(0).sharedWith());
        assertEquals("hist", ownerOf(r, 1));
        // two words of each profile: equally close to both, so both hold it (like m3 in the paper's Figure 2)
        assertEquals(List.of("geo", "hist"), r.added().get(2).owners());
        assertEquals(1, r.shared());
        assertEquals(
                new Provenance(List.of("geo"), "atlas.txt"), r.added().get(0).provenance());
    }

    @Test
    void should_merge_near_duplicates_keeping_every_contributor_within_a_call_and_across_calls() {
        InMemoryMemoryStore store = new InMemoryMemoryStore();
        MemoryIngestor ingestor = ingestor(store);
        IngestReport first = ingestor.ingest(List.of(
                Document.of("a.txt", "The rivers cross the mountains.").contributedBy("geo"),
                Document.of("b.txt", "Rivers cross mountains!").contributedBy("hist")));
        assertEquals(1, first.added().size());
        assertEquals(Map.of("b.txt#0", first.added().get(0).id()), first.merged());
        IngestReport second = ingestor.ingest(
                List.of(Document.of("c.txt", "the mountains, the rivers: cross").ownedBy("hist")));
        assertEquals(0, second.added().size());
        assertEquals(1, store.size());
        MemoryRecord kept = store.search(MemoryQuery.of(model.vector("rivers mountains"), 1, 0))
                .get(0)
                .record();
        assertEquals(List.of("geo", "hist"), kept.provenance().contributors());
        assertEquals("a.txt; b.txt; c.txt", kept.provenance().source());
        assertEquals(List.of("hist"), kept.sharedWith()); // c.txt asked for hist's memory
        assertEquals(List.of(), second.notMerged());
    }

    @Test
    void should_report_merges_a_store_without_replace_cannot_take() {
        InMemoryMemoryStore inner = new InMemoryMemoryStore();
        MemoryStore appendOnly = new MemoryStore() { // a user store that implements only the two required methods
                    @Override
                    public void addAll(List<MemoryRecord> records) {
                        inner.addAll(records);
                    }

                    @Override
                    public List<MemoryHit> search(MemoryQuery query) {
                        return inner.search(query);
                    }
                };
        MemoryIngestor ingestor = ingestor(appendOnly);
        ingestor.ingest(List.of(Document.of("a.txt", "The rivers cross the mountains.")));
        IngestReport again = ingestor.ingest(List.of(Document.of("b.txt", "Rivers cross mountains.")));
        assertEquals(List.of("b.txt#0"), again.notMerged());
        assertEquals(1, inner.size());
    }

    @Test
    void should_relate_new_records_to_their_nearest_neighbours_on_the_newer_record() {
        InMemoryMemoryStore store = new InMemoryMemoryStore();
        MemoryIngestor ingestor = ingestor(store);
        IngestReport r = ingestor.ingest(List.of(Document.of(
                "a.txt",
                "The Danube rivers cross mountains near Vienna.\n\nThe Rhine rivers cross mountains near Basel.\n\n"
                        + "Kings signed treaties.")));
        MemoryRecord danube = r.added().get(0);
        MemoryRecord rhine = r.added().get(1);
        assertEquals(List.of(), danube.related());
        assertEquals(List.of(danube.id()), rhine.related());
        assertEquals(List.of(), r.added().get(2).related());
        assertEquals(1, r.relateEdges());
    }

    @Test
    void should_reject_owners_and_contributors_that_are_not_agents_and_store_nothing() {
        InMemoryMemoryStore store = new InMemoryMemoryStore();
        MemoryIngestor ingestor = ingestor(store);
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> ingestor.ingest(List.of(
                        Document.of("a.txt", "rivers"),
                        Document.of("b.txt", "wars").ownedBy("bob"))));
        assertTrue(e.getMessage().contains("'bob'") && e.getMessage().contains("[geo, hist]"), e.getMessage());
        assertThrows(
                InvalidInputException.class,
                () -> ingestor.ingest(List.of(Document.of("a.txt", "rivers").contributedBy("eve"))));
        assertEquals(0, store.size());
    }

    @Test
    void should_reject_empty_documents_and_bad_settings_naming_the_field() {
        assertThrows(InvalidInputException.class, () -> Document.of("a.txt", "  \n "));
        assertThrows(InvalidInputException.class, () -> Document.of(" ", "text"));
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> MemoryIngestor.builder(new InMemoryMemoryStore(), model)
                        .duplicateThreshold(1.5));
        assertTrue(e.getMessage().contains("duplicateThreshold"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> MemoryIngestor.builder(new InMemoryMemoryStore(), model)
                .build());
        assertThrows(InvalidInputException.class, () -> Chunker.paragraphs(10));
    }

    @Test
    void should_split_long_paragraphs_at_sentence_ends() {
        String sentence = "This sentence is about rivers and it is long enough. ";
        List<String> chunks = Chunker.paragraphs(120).split(sentence.repeat(5));
        assertTrue(chunks.size() >= 3, chunks.toString());
        for (String c : chunks) {
            assertTrue(c.length() <= 120 && c.endsWith("."), c);
        }
    }
}
