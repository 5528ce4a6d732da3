package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.agent.ReasoningResult;
import io.d3mas.metrics.TokenCount;
import io.d3mas.task.Decomposition;
import io.d3mas.task.SubTask;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BudgetTest {

    @Test
    void concurrentPermitsNeverExceedTheCallBudget() throws Exception {
        Budget budget = Budget.of(0, 25, null);
        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new java.util.ArrayList<>();
        IntStream.range(0, 200)
                .forEach(i -> futures.add(pool.submit(() -> {
                    try {
                        budget.scope().tryStart(10).finish(new TokenCount(5, 5));
                        granted.incrementAndGet();
                    } catch (BudgetExhaustedException e) {
                        assertEquals(Budget.Limit.LLM_CALLS, e.limit());
                    }
                })));
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertEquals(25, granted.get());
        assertEquals(250, budget.tokensSpent());
    }

    @Test
    void aCallStartsOnlyIfItsEstimateFitsBesideTheCallsInFlight() {
        Budget budget = Budget.of(100, 0, null);
        Budget.Permit first = budget.scope().tryStart(60);
        assertThrows(BudgetExhaustedException.class, () -> budget.scope().tryStart(60));
        first.finish(new TokenCount(20, 10));
        budget.scope().tryStart(60).finish(new TokenCount(30, 30));
        assertEquals(90, budget.tokensSpent());
        assertEquals(
                Budget.Limit.TOKENS,
                assertThrows(BudgetExhaustedException.class, () -> budget.scope()
                                .tryStart(20))
                        .limit());
    }

    @Test
    void settleCountsOnlyWhatDidNotGoThroughPermits() {
        Budget budget = Budget.of(0, 0, null);
        Budget scope = budget.scope();
        scope.tryStart(0).finish(new TokenCount(40, 10));
        scope.settle(new TokenCount(60, 20), 2); // the component reports 80 tokens and 2 calls in all
        assertEquals(80, budget.tokensSpent());
        assertEquals(2, budget.callsStarted());
        assertEquals(new TokenCount(40, 10), scope.scopeTokens());
    }

    @Test
    void rejectsNegativeLimits() {
        assertTrue(assertThrows(InvalidInputException.class, () -> Budget.of(-1, 0, null))
                .getMessage()
                .contains("maxTokens=-1"));
        assertThrows(InvalidInputException.class, () -> SolveSettings.builder().tokenBudget(-5));
        assertThrows(InvalidInputException.class, () -> SolveSettings.builder().llmCallBudget(-1));
    }

    @Test
    void theEngineStopsCallingAgentsThatDoNotUsePermitsOnceTheirReportedTokensReachTheBudget() {
        AtomicInteger calls = new AtomicInteger();
        List<SubTask> five = IntStream.range(0, 5)
                .mapToObj(i -> new SubTask("capital of country number " + i + " in the list", List.of(), true))
                .toList();
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .decomposer(r -> r.depth() == 0 ? Decomposition.of(five) : Decomposition.atomicTask())
                .agent("geo", "geography capitals", r -> {
                    calls.incrementAndGet();
                    return new ReasoningResult(
                            "x", "x is a capital", List.of(), 0.9, List.of(), List.of(), new TokenCount(80, 20), 1);
                })
                .withoutMessagePassing()
                .settings(SolveSettings.builder()
                        .maxConcurrency(1)
                        .tokenBudget(250)
                        .build())
                .build()) {
            SolveResult r = team.solve("Name the capitals of the five countries");
            assertEquals(3, calls.get(), "calls after the budget was spent");
            assertEquals(300, r.usage().totalTokens().total());
            assertTrue(
                    r.usage().budgetStop().contains("token budget of 250 reached"),
                    r.usage().budgetStop());
            assertTrue(r.usage().budgetStop().contains("task t4"), r.usage().budgetStop());
        }
    }

    @Test
    void anAgentThatKeepsFailingGetsNoMoreTasks() {
        AtomicInteger broken = new AtomicInteger();
        List<SubTask> four = IntStream.range(0, 4)
                .mapToObj(i -> new SubTask("river number " + i + " of the capital", List.of(), true))
                .toList();
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .decomposer(r -> r.depth() == 0 ? Decomposition.of(four) : Decomposition.atomicTask())
                .agent("geo", "river capital", r -> {
                    broken.incrementAndGet();
                    throw new IllegalStateException("model down");
                })
                .agent(
                        "backup",
                        "general knowledge",
                        r -> new ReasoningResult(
                                "Seine", "the Seine", List.of(), 0.9, List.of(), List.of(), TokenCount.ZERO, 0))
                .withoutMessagePassing()
                .settings(SolveSettings.builder()
                        .maxConcurrency(1)
                        .maxAgentFailures(2)
                        .build())
                .build()) {
            SolveResult r = team.solve("Which rivers flow through the capitals?");
            assertEquals(2, broken.get(), "the failing agent was called after maxAgentFailures");
            assertEquals(2, r.usage().agentFailures().get("geo"));
            assertTrue(r.answer().contains("Seine"));
            assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("agent 'geo' failed 2 times")));
        }
    }
}
