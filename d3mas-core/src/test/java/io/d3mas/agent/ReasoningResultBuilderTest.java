package io.d3mas.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.D3Mas;
import io.d3mas.InvalidInputException;
import io.d3mas.SolveResult;
import io.d3mas.WordHashEmbeddingModel;
import io.d3mas.metrics.TokenCount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A custom agent in a line: {@code ReasoningResult.answer(…)…build()}. */
class ReasoningResultBuilderTest {

    @Test
    void anAnswerNeedsNothingElseAndTheRestHasSensibleDefaults() {
        ReasoningResult r = ReasoningResult.answer(" 42 ").build();
        assertEquals(new ReasoningResult("42", "42", List.of(), 1, List.of(), List.of(), TokenCount.ZERO, 0), r);
        assertTrue(r.answered());
    }

    @Test
    void everyPartCanBeSet() {
        ReasoningResult r = ReasoningResult.answer("Seine")
                .conclusion("The Seine flows through Paris.")
                .confidence(0.8)
                .premises(List.of("Paris is the capital of France."))
                .needs(List.of("the river's length"))
                .groundedIn("geo/1", "geo/2")
                .usage(new TokenCount(100, 7), 1)
                .build();
        assertEquals(
                new ReasoningResult(
                        "Seine",
                        "The Seine flows through Paris.",
                        List.of("Paris is the capital of France."),
                        0.8,
                        List.of("the river's length"),
                        List.of("geo/1", "geo/2"),
                        new TokenCount(100, 7),
                        1),
                r);
    }

    @Test
    void badPartsSayWhatToDoInstead() {
        InvalidInputException blank = assertThrows(InvalidInputException.class, () -> ReasoningResult.answer(" "));
        assertTrue(blank.getMessage().contains("unanswered"), blank.getMessage());
        assertThrows(
                InvalidInputException.class, () -> ReasoningResult.answer("x").confidence(1.5));
        assertThrows(
                InvalidInputException.class, () -> ReasoningResult.answer("x").usage(TokenCount.ZERO, -1));
    }

    @Test
    void aCustomAgentIsOneLine() {
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .agent("calc", "arithmetic", request -> ReasoningResult.answer("42")
                        .confidence(0.9)
                        .build())
                .withoutMessagePassing()
                .build()) {
            SolveResult r = team.solve("What is six times seven?");
            assertEquals("42", r.answer());
        }
    }
}
