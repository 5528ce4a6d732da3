package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.agent.ReasoningResult;
import io.d3mas.metrics.TokenCount;
import io.d3mas.synthesis.Synthesis;
import io.d3mas.task.Decomposition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every component is bound by the solve deadline, a closed team ends its solves clearly, odd timeouts work. */
class LifecycleTest {

    private static final WordHashEmbeddingModel MODEL = new WordHashEmbeddingModel();
    private static final String QUERY = "Which river flows through Paris?";

    private static ReasoningResult answer(String text) {
        return new ReasoningResult(text, text, List.of(), 0.9, List.of(), List.of(), TokenCount.ZERO, 0);
    }

    private static D3Mas.Builder team() {
        return D3Mas.builder()
                .embeddingModel(MODEL)
                .agent("geo", "rivers", r -> answer("Seine"))
                .withoutMessagePassing();
    }

    private static SolveSettings deadline(long millis) {
        return SolveSettings.builder()
                .solveTimeout(Duration.ofMillis(millis))
                .taskTimeout(Duration.ofMillis(millis))
                .build();
    }

    /** A component that takes 30 s unless it is interrupted; says which happened. */
    static final class Slow {
        final CountDownLatch interrupted = new CountDownLatch(1);
        volatile boolean finished;

        void sleep() {
            try {
                Thread.sleep(30_000);
                finished = true;
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
            }
        }

        /** The solve went on without it, and it was told to stop. */
        void assertAbandoned() throws InterruptedException {
            assertFalse(finished, "the solve waited for the slow component");
            assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the slow component was not cancelled");
        }
    }

    private static void sleep() {
        new Slow().sleep();
    }

    @Test
    void should_abandon_a_decomposer_past_the_deadline_and_answer_the_task_whole() throws Exception {
        Slow slow = new Slow();
        try (D3Mas d = team().decomposer(r -> {
                    slow.sleep();
                    return Decomposition.atomicTask();
                })
                .build()) {
            SolveResult r = d.solve(QUERY, deadline(1500));

            slow.assertAbandoned();
            assertTrue(
                    r.warnings().stream()
                            .anyMatch(w -> w.message().contains("decomposer")
                                    && w.message().contains("solveTimeout")),
                    r.warnings().toString());
        }
    }

    @Test
    void should_abandon_a_synthesizer_past_the_deadline_and_keep_the_best_partial_answer() throws Exception {
        Slow slow = new Slow();
        try (D3Mas d = team().synthesizer(r -> {
                    slow.sleep();
                    return new Synthesis("never", List.of(), TokenCount.ZERO, 0);
                })
                .build()) {
            SolveResult r = d.solve(QUERY, deadline(1500));

            slow.assertAbandoned();
            assertEquals("Seine", r.answer());
            assertTrue(
                    r.warnings().stream()
                            .anyMatch(w -> w.message().contains("synthesizer")
                                    && w.message().contains("solveTimeout")),
                    r.warnings().toString());
        }
    }

    @Test
    void should_accept_a_very_long_solve_timeout() {
        SolveSettings forever = SolveSettings.builder()
                .solveTimeout(Duration.ofDays(365L * 400))
                .taskTimeout(Duration.ofDays(365L * 400))
                .build();
        try (D3Mas d = team().build()) {
            assertEquals("Seine", d.solve(QUERY, forever).answer());
        }
        SolveSettings max = SolveSettings.builder()
                .solveTimeout(Duration.ofSeconds(Long.MAX_VALUE))
                .build();
        try (D3Mas d = team().build()) {
            assertEquals("Seine", d.solve(QUERY, max).answer());
        }
    }

    @Test
    void should_end_a_running_solve_with_a_clear_exception_when_the_team_is_closed() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        D3Mas d = D3Mas.builder()
                .embeddingModel(MODEL)
                .agent("geo", "rivers", r -> {
                    started.countDown();
                    sleep();
                    return answer("Seine");
                })
                .withoutMessagePassing()
                .build();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<SolveResult> solve = caller.submit(() -> d.solve(QUERY));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            d.close();
            Exception e = assertThrows(Exception.class, () -> solve.get(20, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof SolveCancelledException, String.valueOf(e.getCause()));
            assertTrue(
                    e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
        } finally {
            caller.shutdownNow();
        }
        assertThrows(IllegalStateException.class, () -> d.solve(QUERY));
    }

    @Test
    void should_end_solves_started_after_close_began_with_the_same_exception() throws Exception {
        D3Mas d = team().build();
        d.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.solve(QUERY));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
