package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.agent.ReasoningResult;
import io.d3mas.metrics.Step;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Small things a new user meets first. */
class NewcomerDetailsTest {

    private static D3Mas team() {
        return D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .agent("geo", "rivers", r -> ReasoningResult.answer("the Seine").build())
                .withoutMessagePassing()
                .build();
    }

    @Test
    void timingsComeInStepOrder() {
        try (D3Mas team = team()) {
            List<Step> steps = new ArrayList<>(
                    team.solve("Which river flows through Paris?").timings().keySet());
            List<Step> sorted = new ArrayList<>(steps);
            sorted.sort(null);
            assertEquals(sorted, steps);
        }
    }

    @Test
    void rememberingMoreThanAnEmbeddingModelReadsSaysSo() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (D3Mas team = team()) {
            team.remember("geo", "The Seine flows through Paris. ".repeat(7000), "big.txt");
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("217000 characters") && log.contains("ingest"), log);
    }

    @Test
    void aFailingAgentIsReportedOnceNotOncePerRound() {
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .agent("geo", "rivers", r -> {
                    throw new IllegalStateException("boom");
                })
                .withoutMessagePassing()
                .build()) {
            List<SolveWarning> warnings =
                    team.solve("Which river flows through Paris?").warnings();
            assertEquals(warnings.stream().distinct().toList(), warnings);
        }
    }

    @Test
    void theLedgerSaysWhatItHolds() {
        try (D3Mas team = team()) {
            team.solve("Which river flows through Paris?");
            assertTrue(
                    team.ledger().toString().startsWith("RetrievalLedger[solves=1"),
                    team.ledger().toString());
        }
    }
}
