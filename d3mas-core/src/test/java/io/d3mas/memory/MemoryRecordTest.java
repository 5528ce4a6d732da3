package io.d3mas.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.D3Mas;
import io.d3mas.InvalidInputException;
import io.d3mas.WordHashEmbeddingModel;
import io.d3mas.agent.RetrievalAgent;
import io.d3mas.graph.Provenance;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a record may hold is the same for every store: short ids, well-formed text. */
class MemoryRecordTest {

    private static final float[] V = {1, 0};

    @Test
    void should_build_a_record_in_one_line_and_complete_the_rest_with_the_builder() {
        float[] v = {1, 0};
        MemoryRecord plain = MemoryRecord.of("fact-1", "geo", "Paris is the capital of France.", v);
        assertEquals(
                new MemoryRecord(
                        "fact-1",
                        "geo",
                        "Paris is the capital of France.",
                        v,
                        Provenance.of("geo", ""),
                        List.of(),
                        List.of()),
                plain);

        MemoryRecord full = MemoryRecord.builder("fact-2", "geo", "The Seine flows through Paris.", v)
                .source("atlas.pdf")
                .sharedWith("history")
                .related("fact-1")
                .build();
        assertEquals(Provenance.of("geo", "atlas.pdf"), full.provenance());
        assertEquals(List.of("history"), full.sharedWith());
        assertEquals(List.of("fact-1"), full.related());

        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> MemoryRecord.builder("fact-3", "geo", "x", v)
                        .sharedWith("geo")
                        .build());
        assertTrue(e.getMessage().contains("must list other agents than the owner"), e.getMessage());
    }

    @Test
    void should_refuse_an_id_too_long_to_be_an_index_key() {
        String id = "x".repeat(MemoryRecord.MAX_ID_BYTES + 1);
        String m = assertThrows(
                        InvalidInputException.class, () -> new MemoryRecord(id, "a", "text", V, Provenance.QUERY))
                .getMessage();
        assertTrue(m.contains("4097 bytes") && m.contains("shorter id"), m);
        new MemoryRecord("é".repeat(MemoryRecord.MAX_ID_BYTES / 2), "a", "text", V, Provenance.QUERY);
        assertThrows(InvalidInputException.class, () -> new MemoryRecord("a\ud800b", "a", "text", V, Provenance.QUERY));
        String owner = "o".repeat(40_000);
        assertTrue(assertThrows(
                        InvalidInputException.class, () -> new MemoryRecord("id", owner, "text", V, Provenance.QUERY))
                .getMessage()
                .contains("owner id"));
        assertThrows(
                InvalidInputException.class,
                () -> new MemoryRecord("id", "a", "text", V, Provenance.QUERY, List.of(owner), List.of()));
    }

    @Test
    void should_replace_unpaired_surrogates_in_content_as_every_store_would() {
        MemoryRecord r = new MemoryRecord("id", "a", "a\ud800b \ud83d\ude00 \udc00", V, Provenance.QUERY);
        assertEquals("a\ufffdb \ud83d\ude00 \ufffd", r.content());
    }

    @Test
    void should_ingest_a_document_with_a_very_long_source_and_keep_the_store_working() {
        try (D3Mas d = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .agent("geo", "rivers", new RetrievalAgent())
                .withoutMessagePassing()
                .build()) {
            String source = "s".repeat(40_000);
            IngestReport report = d.ingest(List.of(Document.of(source, "The Seine flows through Paris.")));
            assertEquals(1, report.added().size(), report.toString());
            String id = report.added().get(0).id();
            assertTrue(id.length() < 300 && id.startsWith("sss"), id);
            assertEquals("Seine", d.solve("Which river flows through Paris?").answer());
        }
    }
}
