package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.agent.ReasoningResult;
import io.d3mas.event.SolveEvent;
import io.d3mas.metrics.TokenCount;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code solveAsync}: the same result as {@code solve}, cancel stops the work, bad input fails at once. */
class AsyncSolveTest {

    private static final String QUERY = "Which river flows through Paris?";

    private static ReasoningResult answer(String text) {
        return new ReasoningResult(text, text, List.of(), 0.9, List.of(), List.of(), TokenCount.ZERO, 0);
    }

    @Test
    void anAsyncSolveAnswersLikeASyncOne() throws Exception {
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .agent("geo", "rivers", r -> answer("the Seine"))
                .withoutMessagePassing()
                .build()) {
            SolveResult sync = team.solve(QUERY);
            SolveResult async = team.solveAsync(QUERY).get(30, TimeUnit.SECONDS);
            assertEquals(sync.answer(), async.answer());
        }
    }

    @Test
    void cancelStopsTheRunningAgentAndTheFutureSaysItWasCancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .agent("geo", "rivers", r -> {
                    started.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                    return answer("too late");
                })
                .withoutMessagePassing()
                .build()) {
            CompletableFuture<SolveResult> f = team.solveAsync(QUERY);
            assertTrue(started.await(30, TimeUnit.SECONDS), "the agent never started");
            assertTrue(f.cancel(true));
            assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the agent was not interrupted");
            assertTrue(f.isCancelled());
            assertThrows(CancellationException.class, f::get);
        }
    }

    @Test
    void aGivenExecutorRunsTheSolveAndItsThreadIsNotLeftInterrupted() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "user-pool"));
        AtomicReference<String> thread = new AtomicReference<>();
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .agent("geo", "rivers", r -> answer("the Seine"))
                .withoutMessagePassing()
                .listener(e -> thread.compareAndSet(null, Thread.currentThread().getName()))
                .build()) {
            team.solveAsync(QUERY, team.settings(), pool).get(30, TimeUnit.SECONDS);
            assertEquals("user-pool", thread.get(), "the solve did not run on the given executor");
            boolean clean =
                    pool.submit(() -> !Thread.currentThread().isInterrupted()).get();
            assertTrue(clean);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSolvesOwnListenerHearsItsPartialAnswersAndOnlyItsEvents() throws Exception {
        List<SolveEvent> team = new CopyOnWriteArrayList<>();
        List<SolveEvent> mine = new CopyOnWriteArrayList<>();
        try (D3Mas d3mas = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .decomposer(TwoHop.decomposer(new java.util.concurrent.atomic.AtomicInteger()))
                .agent("geo", "capital cities", r -> answer(r.task().contains("capital") ? "Paris" : "the Seine"))
                .withoutMessagePassing()
                .listener(team::add)
                .build()) {
            d3mas.solve(QUERY); // another solve: not for the per-solve listener
            SolveResult r = d3mas.solveAsync(QUERY, mine::add).get(30, TimeUnit.SECONDS);
            assertTrue(mine.stream().allMatch(e -> e.solveId().equals(r.solveId())), mine.toString());
            List<SolveEvent.PartialAnswer> partial = mine.stream()
                    .filter(SolveEvent.PartialAnswer.class::isInstance)
                    .map(SolveEvent.PartialAnswer.class::cast)
                    .toList();
            assertEquals(
                    List.of("Paris", "the Seine"),
                    partial.stream().map(SolveEvent.PartialAnswer::answer).toList());
            assertEquals("Which river flows through Paris?", partial.get(1).task());
            assertTrue(mine.get(mine.size() - 1) instanceof SolveEvent.Finished);
            assertEquals(
                    2,
                    team.stream().filter(SolveEvent.Finished.class::isInstance).count(),
                    "the team's listener");
        }
    }

    @Test
    void badInputFailsAtOnceNotInTheFuture() {
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .agent("geo", "rivers", r -> answer("the Seine"))
                .build()) {
            assertThrows(InvalidInputException.class, () -> team.solveAsync("  "));
            assertThrows(NullPointerException.class, () -> team.solveAsync(QUERY, null, null));
        }
    }

    @Test
    void aSolveThatFailsCompletesTheFutureWithItsException() {
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .agent("geo", "rivers", r -> {
                    throw new ModelUnavailableException("authentication failed for model m (HTTP 401)");
                })
                .withoutMessagePassing()
                .build()) {
            ExecutionException e = assertThrows(
                    ExecutionException.class, () -> team.solveAsync(QUERY).get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof ModelUnavailableException, e.toString());
        }
    }
}
