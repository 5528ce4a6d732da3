package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.agent.ReasoningRequest;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.checkpoint.Checkpoint;
import io.d3mas.checkpoint.CheckpointStore;
import io.d3mas.checkpoint.FileCheckpointStore;
import io.d3mas.event.SolveEvent;
import io.d3mas.metrics.TokenCount;
import io.d3mas.task.Decomposition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: what a solve finished is saved as it finishes, and a resumed solve does not ask for it again. */
class CheckpointTest {

    private static final String QUERY = "Which river flows through the capital of France?";

    /** Counts the calls of every component; the river agent can be made to hang until interrupted. */
    static final class Counting {
        final AtomicInteger decompositions = new AtomicInteger();
        final AtomicInteger capital = new AtomicInteger();
        final AtomicInteger river = new AtomicInteger();
        final CountDownLatch riverStarted = new CountDownLatch(1);
        volatile boolean riverHangs;

        D3Mas team(CheckpointStore store) {
            return D3Mas.builder()
                    .embeddingModel(new WordHashEmbeddingModel())
                    .decomposer(r -> {
                        if (r.depth() > 0) {
                            return Decomposition.atomicTask();
                        }
                        decompositions.incrementAndGet();
                        return new Decomposition(TwoHop.HOPS, false, new TokenCount(50, 20), 1);
                    })
                    .agent("geo", "capital cities of countries", r -> {
                        capital.incrementAndGet();
                        return answer("Paris");
                    })
                    .agent("rivers", "rivers flowing through cities", this::river)
                    .withoutMessagePassing()
                    .checkpoints(store)
                    .build();
        }

        private ReasoningResult river(ReasoningRequest r) throws InterruptedException {
            river.incrementAndGet();
            riverStarted.countDown();
            if (riverHangs) {
                Thread.sleep(60_000);
            }
            return answer("the Seine");
        }
    }

    private static ReasoningResult answer(String text) {
        return new ReasoningResult(text, text, List.of(), 0.9, List.of(), List.of(), new TokenCount(30, 5), 1);
    }

    @Test
    void aResumedSolveAsksOnlyWhatWasNotFinished(@TempDir Path dir) throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        Counting uninterrupted = new Counting();
        String expected;
        try (D3Mas team = uninterrupted.team(new FileCheckpointStore(dir.resolve("other")))) {
            expected = team.solve(QUERY).answer();
        }

        Counting first = new Counting();
        first.riverHangs = true;
        AtomicReference<String> solveId = new AtomicReference<>();
        try (D3Mas team = first.team(store)) {
            CompletableFuture<SolveResult> f = team.solveAsync(QUERY, e -> solveId.compareAndSet(null, e.solveId()));
            assertTrue(first.riverStarted.await(30, TimeUnit.SECONDS));
            f.cancel(true); // the process "dies" while the second hop runs
        }
        Checkpoint saved = store.load(solveId.get()).orElseThrow();
        assertFalse(saved.finished());
        // three decompositions (the query, and its two sub-tasks found atomic) and the first hop
        assertEquals(4, saved.steps().size(), saved.steps().toString());

        Counting resumed = new Counting();
        SolveResult r;
        try (D3Mas team = resumed.team(store)) {
            r = team.resume(solveId.get());
        }
        assertEquals(solveId.get(), r.solveId());
        assertEquals(expected, r.answer());
        assertEquals(0, resumed.decompositions.get(), "the decomposition was asked again");
        assertEquals(0, resumed.capital.get(), "the finished first hop was asked again");
        assertEquals(1, resumed.river.get());
        assertEquals(
                uninterrupted.decompositions.get() + uninterrupted.capital.get() + uninterrupted.river.get(),
                r.usage().llmCalls(),
                "the replayed calls count as spent: the solve used them");
        Checkpoint done = store.load(solveId.get()).orElseThrow();
        assertTrue(done.finished());
        assertEquals(r.answer(), done.answer());

        Counting again = new Counting();
        try (D3Mas team = again.team(store)) {
            assertEquals(r.answer(), team.resume(solveId.get()).answer());
        }
        assertEquals(0, again.decompositions.get() + again.capital.get() + again.river.get());
    }

    @Test
    void resumingWhatCannotBeResumedSaysWhy(@TempDir Path dir) {
        Counting c = new Counting();
        try (D3Mas team = c.team(new FileCheckpointStore(dir))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> team.resume("no-such-solve"));
            assertTrue(e.getMessage().contains("no checkpoint of solve 'no-such-solve'"), e.getMessage());
            assertThrows(InvalidInputException.class, () -> team.resume("../etc/passwd"));
        }
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .agent("geo", "rivers", r -> answer("x"))
                .build()) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> team.resume("x"));
            assertTrue(e.getMessage().contains("checkpoints(store)"), e.getMessage());
        }
    }

    @Test
    void aFileIsNotACheckpointDirectory(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "x");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new FileCheckpointStore(file));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
    }

    @Test
    void aFailingStoreIsReportedOnceAndTheSolveGoesOn(@TempDir Path dir) {
        CheckpointStore broken = new CheckpointStore() {
            @Override
            public void save(Checkpoint checkpoint) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public Optional<Checkpoint> load(String solveId) {
                return Optional.empty();
            }
        };
        try (D3Mas team = new Counting().team(broken)) {
            SolveResult r = team.solve(QUERY);
            assertTrue(r.answer().contains("Seine"), r.answer());
            assertEquals(
                    1,
                    r.warnings().stream()
                            .filter(w -> w.message().contains("disk full"))
                            .count(),
                    r.warnings().toString());
        }
    }

    @Test
    void aSolveThatDiesBeforeItsFirstStepCanBeResumed(@TempDir Path dir) throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        AtomicReference<String> id = new AtomicReference<>();
        CountDownLatch decomposing = new CountDownLatch(1);
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .decomposer(r -> {
                    decomposing.countDown();
                    Thread.sleep(60_000);
                    return Decomposition.atomicTask();
                })
                .agent("geo", "rivers", r -> answer("the Seine"))
                .withoutMessagePassing()
                .checkpoints(store)
                .listener(e -> id.compareAndSet(null, e.solveId()))
                .build()) {
            CompletableFuture<SolveResult> f = team.solveAsync(QUERY);
            assertTrue(decomposing.await(30, TimeUnit.SECONDS));
            f.cancel(true);
        }
        String solveId = Files.list(dir)
                .map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".json"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no checkpoint was saved at the start"))
                .replace(".json", "");
        Checkpoint c = store.load(solveId).orElseThrow();
        assertEquals(QUERY, c.query());
        assertEquals(List.of(), c.steps());
        Counting counting = new Counting();
        try (D3Mas team = counting.team(store)) {
            SolveResult r = team.resume(solveId);
            assertEquals(solveId, r.solveId());
            assertTrue(r.answer().contains("Seine"), r.answer());
        }
    }

    @Test
    void aCheckpointSurvivesALeftoverTemporaryFile(@TempDir Path dir) throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        Checkpoint c = new Checkpoint("s-1", QUERY, List.of(new Checkpoint.Step("k", "{}")), false, "");
        store.save(c);
        Files.writeString(dir.resolve("s-1.json.99.tmp"), "{\"half"); // a crash during the next save
        assertEquals(c, store.load("s-1").orElseThrow());
        Files.writeString(dir.resolve("s-2.json"), "{\"half");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.load("s-2"));
        assertTrue(e.getMessage().contains("not readable"), e.getMessage());
    }

    @Test
    void everyFinishedStepIsSavedAsItFinishes(@TempDir Path dir) {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        AtomicInteger savedWhenRiverRan = new AtomicInteger(-1);
        AtomicReference<String> id = new AtomicReference<>();
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .decomposer(TwoHop.decomposer(new AtomicInteger()))
                .agent("geo", "capital cities of countries", r -> answer("Paris"))
                .agent("rivers", "rivers flowing through cities", r -> {
                    savedWhenRiverRan.set(
                            store.load(id.get()).orElseThrow().steps().size());
                    return answer("the Seine");
                })
                .listener(e -> {
                    if (e instanceof SolveEvent.Decomposed) {
                        id.compareAndSet(null, e.solveId());
                    }
                })
                .withoutMessagePassing()
                .checkpoints(store)
                .build()) {
            team.solve(QUERY);
        }
        assertEquals(4, savedWhenRiverRan.get(), "the decompositions and the first hop were not saved in time");
    }
}
