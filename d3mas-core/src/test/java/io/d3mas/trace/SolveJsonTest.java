package io.d3mas.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.WordHashEmbeddingModel;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.graph.Node;
import org.junit.jupiter.api.Test;

/** A written solve says how it ended, and can leave the embeddings out. */
class SolveJsonTest {

    private static SolveResult solve() {
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .agent("geo", "rivers", r -> ReasoningResult.answer("the Seine")
                        .confidence(0.9)
                        .build())
                .withoutMessagePassing()
                .build()) {
            team.remember("geo", "The Seine flows through Paris.", "atlas");
            return team.solve("Which river flows through Paris?");
        }
    }

    @Test
    void theOutcomeIsInTheFileAndTheTraceStillReadsBack() throws Exception {
        SolveResult r = solve();
        String json = TraceJson.toJson(r, true);
        JsonNode outcome = new ObjectMapper().readTree(json).get("outcome");
        assertEquals("the Seine", outcome.get("answer").asText());
        assertEquals(r.usage().llmCalls(), outcome.get("usage").get("llmCalls").asInt());
        assertTrue(outcome.get("metrics").has("memory"));
        assertTrue(outcome.get("components").has("decomposer"));
        assertTrue(outcome.get("timingsMillis").has("TOTAL"));
        assertEquals(r.trace(), TraceJson.fromJson(json));
    }

    @Test
    void withoutEmbeddingsTheFileIsSmallerAndReadsBackWithout() throws Exception {
        SolveResult r = solve();
        String full = TraceJson.toJson(r, true);
        String lean = TraceJson.toJson(r, false);
        for (JsonNode node : new ObjectMapper().readTree(lean).get("graph").get("nodes")) {
            assertFalse(node.has("embedding"), node.toString());
        }
        assertTrue(lean.length() * 2 < full.length(), lean.length() + " vs " + full.length() + " characters");
        Trace back = TraceJson.fromJson(lean);
        assertEquals(r.trace().graph().nodes().size(), back.graph().nodes().size());
        for (Node n : back.graph().nodes()) {
            assertNull(n.embedding());
        }
    }
}
