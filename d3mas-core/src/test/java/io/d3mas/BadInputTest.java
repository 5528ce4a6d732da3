package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.agent.RetrievalAgent;
import io.d3mas.memory.InMemoryMemoryStore;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryRecord;
import io.d3mas.memory.MemoryStore;
import io.d3mas.metrics.TokenCount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Queries without content are refused saying so; odd characters are normalised with a warning; names read well. */
class BadInputTest {

    private static final WordHashEmbeddingModel MODEL = new WordHashEmbeddingModel();

    private static D3Mas team() {
        D3Mas d = D3Mas.builder()
                .embeddingModel(MODEL)
                .agent("geo", "rivers capitals", new RetrievalAgent())
                .withoutMessagePassing()
                .build();
        d.remember("geo", "The Seine flows through Paris.", "atlas");
        return d;
    }

    @Test
    void should_refuse_queries_with_nothing_to_read() {
        Map<String, String> invisible = Map.of(
                "no-break spaces", "\u00a0\u00a0\u00a0",
                "zero-width characters", "\u200b\u200c\u200d\ufeff",
                "control characters", "\u0001\u0002\u0007",
                "an ANSI escape", "\u001b[31m\u001b[0m",
                "punctuation", "?!... ,;",
                "lone surrogates", "\ud800\udc00\ud800".substring(2));
        try (D3Mas d = team()) {
            invisible.forEach((what, query) -> {
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> d.solve(query), what);
                assertTrue(e.getMessage().contains("no letter or digit"), what + ": " + e.getMessage());
            });
        }
    }

    @Test
    void should_remove_invisible_and_broken_characters_and_say_so() {
        try (D3Mas d = team()) {
            SolveResult r = d.solve("Which \u001b[1mriver\u001b[0m flows through\u200b Paris\ud800?");

            assertEquals("Seine", r.answer());
            assertEquals("Which river flows through Paris?", r.trace().query());
            assertTrue(
                    r.warnings().stream()
                            .anyMatch(w -> w.message().contains("removed")
                                    && w.message().contains("query")),
                    r.warnings().toString());
        }
    }

    @Test
    void should_say_why_there_is_no_answer() {
        try (D3Mas d = D3Mas.builder()
                .embeddingModel(MODEL)
                .agent("geo", "rivers", r -> ReasoningResult.unanswered(List.of()))
                .withoutMessagePassing()
                .build()) {
            SolveResult r = d.solve("Which river flows through Paris?");

            String last = r.warnings().get(r.warnings().size() - 1).message();
            assertTrue(
                    last.contains("no task was answered") && last.contains("agent 'geo'"),
                    r.warnings().toString());
            assertFalse(last.contains("see the warnings above"), last);
        }
    }

    @Test
    void should_warn_when_the_query_embeds_to_a_zero_vector() {
        EmbeddingModel zeros = new EmbeddingModel() {
            @Override
            public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
                return Response.from(
                        segments.stream().map(s -> Embedding.from(new float[8])).toList());
            }

            @Override
            public int dimension() {
                return 8;
            }
        };
        try (D3Mas d = D3Mas.builder()
                .embeddingModel(zeros)
                .agent("geo", "rivers", new RetrievalAgent())
                .withoutMessagePassing()
                .build()) {
            SolveResult r = d.solve("Which river flows through Paris?");

            assertTrue(
                    r.warnings().stream().anyMatch(w -> w.message().contains("zero vector")),
                    r.warnings().toString());
            assertTrue(
                    r.warnings().stream()
                            .anyMatch(w -> w.message().contains("embedding model BadInputTest (anonymous class)")),
                    r.warnings().toString());
        }
    }

    @Test
    void should_name_anonymous_and_lambda_components_readably_and_survive_a_store_returning_null() {
        MemoryStore nulls = new MemoryStore() {
            private final InMemoryMemoryStore inner = new InMemoryMemoryStore();

            @Override
            public void addAll(List<MemoryRecord> records) {
                inner.addAll(records);
            }

            @Override
            public List<MemoryHit> search(MemoryQuery query) {
                return null;
            }
        };
        try (D3Mas d = D3Mas.builder()
                .embeddingModel(MODEL)
                .memoryStore(nulls)
                .agent(
                        "geo",
                        "rivers",
                        r -> new ReasoningResult(
                                "Seine", "Seine", List.of(), 0.9, List.of(), List.of(), TokenCount.ZERO, 0))
                .withoutMessagePassing()
                .build()) {
            SolveResult r = d.solve("Which river flows through Paris?");

            assertEquals("Seine", r.answer());
            String w = r.warnings().stream()
                    .map(SolveWarning::message)
                    .filter(x -> x.contains("memory store"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(r.warnings().toString()));
            assertTrue(w.contains("memory store BadInputTest (anonymous class) returned null"), w);
            assertTrue(
                    r.components().get("agent:geo").startsWith("lambda in BadInputTest"),
                    r.components().toString());
        }
    }
}
