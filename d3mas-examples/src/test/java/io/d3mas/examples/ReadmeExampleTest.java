package io.d3mas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.agent.RetrievalAgent;
import io.d3mas.embed.BgeEmbeddingModel;
import org.junit.jupiter.api.Test;

/** The README's Java example, kept compiling and true. Keep the two in step. */
class ReadmeExampleTest {

    @Test
    void should_run_the_readme_example() {
        // --- README example start ---
        try (BgeEmbeddingModel embeddings =
                        BgeEmbeddingModel.bgeSmallEnV15Quantized().build();
                D3Mas team = D3Mas.builder()
                        .embeddingModel(embeddings)
                        .agent("geo", "Geography: countries, capitals, rivers", new RetrievalAgent())
                        .agent("history", "History: people, dates, events", new RetrievalAgent())
                        .build()) {
            team.remember("geo", "Paris is the capital of France.", "atlas");
            team.remember("geo", "The Seine flows through Paris.", "atlas");
            team.remember("history", "The Eiffel Tower was completed in 1889.", "chronicle");

            SolveResult result = team.solve("Which river flows through the capital of France?");
            System.out.println(result.answer()); // Seine
            System.out.println(result.metrics()); // memory, reasoning and task redundancy
            // --- README example end ---
            assertEquals("Seine", result.answer());
        }
    }
}
