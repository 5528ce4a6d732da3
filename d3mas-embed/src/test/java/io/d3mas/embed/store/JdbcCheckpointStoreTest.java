package io.d3mas.embed.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.D3Mas;
import io.d3mas.InvalidInputException;
import io.d3mas.SolveResult;
import io.d3mas.WordHashEmbeddingModel;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.checkpoint.Checkpoint;
import io.d3mas.checkpoint.JdbcCheckpointStore;
import io.d3mas.metrics.TokenCount;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** {@link JdbcCheckpointStore} on the PostgreSQL that CI starts ({@code .ci/pgvector.sh}). */
class JdbcCheckpointStoreTest {

    private static DataSource postgres() {
        PgVectorMemoryStoreTest.requirePostgres();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {PgVectorMemoryStoreTest.env("HOST")});
        ds.setPortNumbers(new int[] {PgVectorMemoryStoreTest.port()});
        ds.setDatabaseName(PgVectorMemoryStoreTest.env("DATABASE"));
        ds.setUser(PgVectorMemoryStoreTest.env("USER"));
        ds.setPassword(PgVectorMemoryStoreTest.env("PASSWORD"));
        return ds;
    }

    private static String table() {
        return "checkpoints_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
    }

    @Test
    void savesReplacesAndLoadsCheckpoints() {
        JdbcCheckpointStore store = new JdbcCheckpointStore(postgres(), table());
        assertTrue(store.load("s-1").isEmpty());
        Checkpoint first = new Checkpoint("s-1", "q?", List.of(new Checkpoint.Step("k1", "{\"a\":1}")), false, "");
        store.save(first);
        assertEquals(first, store.load("s-1").orElseThrow());
        Checkpoint done = new Checkpoint(
                "s-1", "q?", List.of(first.steps().get(0), new Checkpoint.Step("k2", "\"ü – 日本\"")), true, "done");
        store.save(done);
        assertEquals(done, store.load("s-1").orElseThrow());
        assertThrows(InvalidInputException.class, () -> store.load("x'; DROP TABLE t; --"));
        assertThrows(InvalidInputException.class, () -> new JdbcCheckpointStore(postgres(), "bad name"));
    }

    @Test
    void concurrentSavesOfManySolvesLoseNone() throws Exception {
        JdbcCheckpointStore store = new JdbcCheckpointStore(postgres(), table());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> saves = new ArrayList<>();
        for (int s = 0; s < 16; s++) {
            String id = "solve-" + s;
            saves.add(pool.submit(() -> {
                List<Checkpoint.Step> steps = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    steps.add(new Checkpoint.Step("k" + i, Integer.toString(i)));
                    store.save(new Checkpoint(id, "q", steps, false, ""));
                }
                return null;
            }));
        }
        for (Future<?> f : saves) {
            f.get();
        }
        pool.shutdown();
        for (int s = 0; s < 16; s++) {
            assertEquals(10, store.load("solve-" + s).orElseThrow().steps().size());
        }
    }

    @Test
    void aSolveResumesFromPostgres() {
        JdbcCheckpointStore store = new JdbcCheckpointStore(postgres(), table());
        AtomicInteger calls = new AtomicInteger();
        String solveId;
        String answer;
        try (D3Mas team = team(store, calls)) {
            SolveResult r = team.solve("Which river flows through Paris?");
            solveId = r.solveId();
            answer = r.answer();
        }
        Checkpoint saved = store.load(solveId).orElseThrow();
        assertTrue(saved.finished());
        assertFalse(saved.steps().isEmpty());
        AtomicInteger again = new AtomicInteger();
        try (D3Mas team = team(store, again)) {
            assertEquals(answer, team.resume(solveId).answer());
        }
        assertEquals(0, again.get(), "a finished solve resumed from PostgreSQL asked its agent again");
    }

    private static D3Mas team(JdbcCheckpointStore store, AtomicInteger calls) {
        return D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .agent("geo", "rivers", r -> {
                    calls.incrementAndGet();
                    return new ReasoningResult(
                            "the Seine", "the Seine", List.of(), 0.9, List.of(), List.of(), TokenCount.ZERO, 0);
                })
                .withoutMessagePassing()
                .checkpoints(store)
                .build();
    }
}
