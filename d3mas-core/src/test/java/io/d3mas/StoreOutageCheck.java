package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.memory.MemoryStore;
import io.d3mas.metrics.TokenCount;
import java.util.List;

/**
 * A solve whose memory store goes away after the knowledge is in (shared by the in-memory and the pgvector
 * tests): the solve still answers and reports the failure. The agent answers whatever memory it gets.
 */
public final class StoreOutageCheck {

    private StoreOutageCheck() {}

    /**
     * @param takeDown makes the store fail from now on (a flag, a closed proxy)
     * @return the solve's warnings, for further checks
     */
    public static List<SolveWarning> solveAfterOutage(EmbeddingModel model, MemoryStore store, Runnable takeDown) {
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(model)
                .memoryStore(store)
                .agent(
                        "geo",
                        "rivers cities",
                        r -> new ReasoningResult(
                                "The Seine",
                                "The Seine flows through Paris.",
                                List.of(),
                                0.9,
                                List.of(),
                                List.of(),
                                TokenCount.ZERO,
                                0))
                .withoutMessagePassing()
                .build()) {
            team.remember("geo", "The Seine flows through Paris.", "atlas");
            takeDown.run();
            SolveResult r = team.solve("Which river flows through Paris?");
            assertTrue(r.answer().contains("Seine"), r.answer());
            assertTrue(
                    r.warnings().stream().anyMatch(w -> w.message().contains("memory store")),
                    r.warnings().toString());
            assertFalse(r.graph().nodes().isEmpty());
            return r.warnings();
        }
    }
}
