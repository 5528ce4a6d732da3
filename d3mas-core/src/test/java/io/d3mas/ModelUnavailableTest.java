package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.agent.ReasoningResult;
import io.d3mas.event.ModelCall;
import io.d3mas.event.SolveEvent;
import io.d3mas.metrics.TokenCount;
import io.d3mas.synthesis.Synthesis;
import io.d3mas.task.Decomposition;
import io.d3mas.task.SubTask;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A component whose model refuses the credentials stops the solve with one error: no other agent is asked, no
 * synthesis runs, and the solve throws what the component threw.
 */
class ModelUnavailableTest {

    private static final String QUERY = "Which river flows through Paris, and who founded Rome?";

    private static ReasoningResult answer(String text) {
        return new ReasoningResult(text, text, List.of(), 0.9, List.of(), List.of(), TokenCount.ZERO, 0);
    }

    @Test
    void anAgentWhoseModelRefusesTheKeyStopsTheSolveWithThatError() {
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger synthesized = new AtomicInteger();
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .decomposer(r -> r.depth() == 0
                        ? Decomposition.of(List.of(
                                SubTask.of("Which river flows through Paris?"), SubTask.of("Who founded Rome?")))
                        : Decomposition.atomicTask())
                .agent("geo", "rivers and cities", r -> {
                    asked.incrementAndGet();
                    throw new ModelUnavailableException("authentication failed for model m (HTTP 401)");
                })
                .agent("history", "founders of cities", r -> {
                    asked.incrementAndGet();
                    throw new ModelUnavailableException("authentication failed for model m (HTTP 401)");
                })
                .synthesizer(r -> {
                    synthesized.incrementAndGet();
                    return Synthesis.of("x", List.of());
                })
                .withoutMessagePassing()
                .settings(SolveSettings.builder().maxConcurrency(1).build())
                .build()) {
            ModelUnavailableException e = assertThrows(ModelUnavailableException.class, () -> team.solve(QUERY));
            assertTrue(e.getMessage().contains("authentication failed for model m"), e.getMessage());
            assertEquals(1, asked.get(), "the solve went on after the model refused the key");
            assertEquals(0, synthesized.get());
        }
    }

    @Test
    void aDecomposerWhoseModelRefusesTheKeyStopsTheSolveBeforeAnyAgent() {
        AtomicInteger asked = new AtomicInteger();
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .decomposer(r -> {
                    throw new ModelUnavailableException("authentication failed for model m (HTTP 403)");
                })
                .agent("geo", "rivers", r -> {
                    asked.incrementAndGet();
                    return answer("Seine");
                })
                .withoutMessagePassing()
                .build()) {
            assertThrows(ModelUnavailableException.class, () -> team.solve(QUERY));
            assertEquals(0, asked.get());
        }
    }

    @Test
    void modelCallsReportedToTheBudgetReachTheSolveListeners() {
        List<SolveEvent> events = new CopyOnWriteArrayList<>();
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .agent("geo", "rivers", r -> {
                    r.budget()
                            .report(new ModelCall(
                                    "m", ModelCall.Kind.SUCCEEDED, 1, Duration.ofMillis(5), new TokenCount(3, 2), ""));
                    return answer("Seine");
                })
                .listener(events::add)
                .withoutMessagePassing()
                .build()) {
            SolveResult r = team.solve("Which river flows through Paris?");
            List<SolveEvent.ModelCalled> calls = events.stream()
                    .filter(SolveEvent.ModelCalled.class::isInstance)
                    .map(SolveEvent.ModelCalled.class::cast)
                    .toList();
            assertEquals(1, calls.size(), events.toString());
            assertEquals(r.solveId(), calls.get(0).solveId());
            assertEquals(ModelCall.Kind.SUCCEEDED, calls.get(0).call().kind());
        }
    }

    @Test
    void onlyAFreshBudgetCanBeObserved() {
        Budget b = Budget.of(0, 0, null);
        assertThrows(IllegalStateException.class, () -> b.scope().observedBy(c -> {}));
        b.tryStart(1).finish(TokenCount.ZERO);
        assertThrows(IllegalStateException.class, () -> b.observedBy(c -> {}));
    }
}
