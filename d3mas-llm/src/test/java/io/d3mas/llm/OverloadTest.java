package io.d3mas.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.event.ModelCall;
import io.d3mas.event.SolveEvent;
import io.d3mas.llm.testing.LocalOpenAiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many solves through few call slots to a slow server: the calls wait their turn instead of timing out and
 * retrying, so every solve is answered and the server sees about the requests the same solves make without
 * overload. (The full-size run, 64 solves at 1 s per call through 8 slots, is {@code LlmOverloadBenchmark}.)
 */
class OverloadTest {

    private static final int SOLVES = 16;
    private static final Duration LATENCY = Duration.ofMillis(250);

    private record Run(int answered, int requests, long abandoned) {}

    private static Run run(int slots) throws Exception {
        ScriptedTeam script = new ScriptedTeam().decompose(LlmSolveTest.QUESTION, LlmSolveTest.SPLIT);
        List<ModelCall> calls = new CopyOnWriteArrayList<>();
        SolveSettings settings = LlmSolveTest.SETTINGS.toBuilder()
                .solveTimeout(Duration.ofSeconds(30))
                .taskTimeout(Duration.ofSeconds(30))
                .build();
        try (LocalOpenAiServer server =
                        LocalOpenAiServer.start(c -> script.respond(c).after(LATENCY));
                LlmClient client = TestClients.client(server, b -> b.maxConcurrentCalls(slots)
                        .callTimeout(Duration.ofMillis(3 * 250))
                        .maxRetries(3));
                D3Mas team = D3Mas.builder()
                        .embeddingModel(new io.d3mas.WordHashEmbeddingModel())
                        .decomposer(new LlmDecomposer(client))
                        .synthesizer(new LlmSynthesizer(client))
                        .agent("geo", "Geography: countries, capital cities, rivers", LlmAgent.of(client))
                        .agent("history", "History: kings, wars, dates, capital cities", LlmAgent.of(client))
                        .withoutMessagePassing()
                        .listener(e -> {
                            if (e instanceof SolveEvent.ModelCalled m) {
                                calls.add(m.call());
                            }
                        })
                        .settings(settings)
                        .build()) {
            team.remember("geo", "Paris is the capital city of France.", "atlas");
            team.remember("geo", "The Seine is the river that flows through Paris.", "atlas");
            team.solve(LlmSolveTest.QUESTION); // warm up: class loading and JIT on a cold JVM take seconds
            int warm = server.callCount();
            calls.clear();
            ExecutorService callers = Executors.newFixedThreadPool(SOLVES);
            List<Future<SolveResult>> futures = new ArrayList<>();
            for (int i = 0; i < SOLVES; i++) {
                futures.add(callers.submit(() -> team.solve(LlmSolveTest.QUESTION)));
            }
            int answered = 0;
            for (Future<SolveResult> f : futures) {
                SolveResult r = f.get();
                if (!r.answer().contains("Seine")) {
                    System.out.println("unanswered: " + r.answer() + " " + r.warnings());
                }
                answered += r.answer().contains("Seine") ? 1 : 0;
            }
            callers.shutdown();
            long abandoned = calls.stream()
                    .filter(c -> c.kind() == ModelCall.Kind.ABANDONED)
                    .count();
            return new Run(answered, server.callCount() - warm, abandoned);
        }
    }

    @Test
    void manySolvesThroughFewSlotsAreAllAnsweredWithoutARetryStorm() throws Exception {
        Run unloaded = run(SOLVES * 4);
        Run overloaded = run(2);
        System.out.printf(
                "overload: %d solves through 2 slots: %d answered, %d requests (unloaded: %d answered, %d requests),"
                        + " %d abandoned%n",
                SOLVES,
                overloaded.answered,
                overloaded.requests,
                unloaded.answered,
                unloaded.requests,
                overloaded.abandoned);
        assertEquals(SOLVES, unloaded.answered);
        assertEquals(SOLVES, overloaded.answered, "solves went unanswered under overload");
        assertTrue(
                overloaded.requests <= unloaded.requests * 1.2,
                overloaded.requests + " requests under overload, " + unloaded.requests + " without");
        assertEquals(0, overloaded.abandoned, "calls were abandoned");
    }
}
