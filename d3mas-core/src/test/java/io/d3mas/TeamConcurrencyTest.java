package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.agent.Agent;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.task.Decomposition;
import io.d3mas.task.SubTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One bound on the team's calls across all its solves, and a thread design that cannot deadlock on itself. */
class TeamConcurrencyTest {

    private static final WordHashEmbeddingModel MODEL = new WordHashEmbeddingModel();

    private static D3Mas.Builder team(Agent agent, int maxConcurrentCalls) {
        return D3Mas.builder()
                .embeddingModel(MODEL)
                .agent("a", "rivers capitals", agent)
                .agent("b", "people dates", agent)
                .maxConcurrentCalls(maxConcurrentCalls)
                .withoutMessagePassing()
                .decomposer(r -> r.depth() > 0
                        ? Decomposition.atomicTask()
                        : Decomposition.of(List.of(
                                SubTask.of("alpha river"),
                                SubTask.of("beta mountain"),
                                SubTask.of("gamma lake"),
                                SubTask.dependingOn("delta from {{0}} and {{2}}", 0, 2))));
    }

    @Test
    void should_finish_concurrent_solves_with_a_single_call_thread() throws Exception {
        // A work item waits for its agent's call. In one bounded pool of one thread that wait would hold the only
        // thread the call needs; the team's two pools keep waiting work and calls apart.
        try (D3Mas d =
                team(r -> ReasoningResult.answer("done " + r.task()).build(), 1).build()) {
            List<CompletableFuture<SolveResult>> solves = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                solves.add(d.solveAsync("Four things " + i));
            }
            for (CompletableFuture<SolveResult> f : solves) {
                SolveResult r = f.get(60, TimeUnit.SECONDS); // a hang guard: a deadlock never returns
                assertTrue(r.warnings().isEmpty(), r.warnings().toString());
                assertEquals(4, r.usage().agentCalls());
            }
        }
    }

    @Test
    void should_never_run_more_calls_than_the_team_bound_across_solves() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Agent counting = r -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.onSpinWait();
                return ReasoningResult.answer("done " + r.task()).build();
            } finally {
                inFlight.decrementAndGet();
            }
        };
        try (D3Mas d = team(counting, 2).build()) {
            List<CompletableFuture<SolveResult>> solves = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                solves.add(d.solveAsync("Four things " + i));
            }
            for (CompletableFuture<SolveResult> f : solves) {
                assertEquals(4, f.get(60, TimeUnit.SECONDS).usage().agentCalls());
            }
        }
        assertTrue(peak.get() <= 2, "peak " + peak.get() + " agent calls at once, team bound 2");
    }

    @Test
    void should_not_count_the_wait_for_a_call_thread_against_the_task_timeout() throws Exception {
        // One call thread and three independent tasks: each call takes 0.4 s of a 1 s task timeout, so the third
        // waits 0.8 s for the thread and is done 1.2 s after it was submitted. Only its own 0.4 s may count.
        Agent agent = r -> {
            Thread.sleep(400);
            return ReasoningResult.answer("done " + r.task()).build();
        };
        SolveSettings settings = SolveSettings.builder()
                .taskTimeout(Duration.ofSeconds(1))
                .solveTimeout(Duration.ofSeconds(60))
                .build();
        try (D3Mas d = team(agent, 1).settings(settings).build()) {
            SolveResult r = d.solve("Four things");
            assertTrue(r.warnings().isEmpty(), r.warnings().toString());
            assertEquals(
                    "done delta from done alpha river and done gamma lake",
                    r.answer().isBlank() ? "" : lastAnswer(r));
        }
    }

    private static String lastAnswer(SolveResult r) {
        return r.trace().graph().nodes(io.d3mas.graph.NodeType.REASONING).stream()
                .map(n -> String.valueOf(n.attributes().get("answer")))
                .filter(a -> a.startsWith("done delta"))
                .findFirst()
                .orElse(r.answer());
    }

    @Test
    void should_refuse_a_bound_below_one() {
        assertThrows(InvalidInputException.class, () -> D3Mas.builder().maxConcurrentCalls(0));
    }
}
