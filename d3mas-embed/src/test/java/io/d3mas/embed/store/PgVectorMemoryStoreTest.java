package io.d3mas.embed.store;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import io.d3mas.StoreOutageCheck;
import io.d3mas.WordHashEmbeddingModel;
import io.d3mas.memory.EmbeddingStoreMemoryStore;
import io.d3mas.memory.MemoryStore;
import io.d3mas.memory.MemoryStoreContractTest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The EmbeddingStore adapter on a real PostgreSQL + pgvector, through langchain4j-pgvector. Needs a server:
 * {@code .ci/run} starts one with {@code .ci/pgvector.sh} and exports {@code D3MAS_PGVECTOR_HOST, _PORT,
 * _DATABASE, _USER, _PASSWORD}; without them every test here skips and says so.
 */
class PgVectorMemoryStoreTest extends MemoryStoreContractTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    static String env(String name) {
        return System.getenv("D3MAS_PGVECTOR_" + name);
    }

    /**
     * Skips when no PostgreSQL is configured, except where {@code D3MAS_REQUIRE_SERVICES=1} ({@code .ci/run} sets
     * it): there a missing database fails the test.
     */
    static void requirePostgres() {
        String why = "no PostgreSQL with pgvector: run `source .ci/pgvector.sh start` (root; installs from Debian) or"
                + " set D3MAS_PGVECTOR_HOST, _PORT, _DATABASE, _USER, _PASSWORD to include this test";
        if (env("HOST") == null && "1".equals(System.getenv("D3MAS_REQUIRE_SERVICES"))) {
            throw new AssertionError(why + " (D3MAS_REQUIRE_SERVICES=1: CI must run it)");
        }
        assumeTrue(env("HOST") != null, why);
    }

    static EmbeddingStore<TextSegment> pgvector(int port, int dimension) {
        return pgvector(port, dimension, "memory_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet());
    }

    static EmbeddingStore<TextSegment> pgvector(int port, int dimension, String table) {
        requirePostgres();
        return PgVectorEmbeddingStore.builder()
                .host(env("HOST"))
                .port(port)
                .database(env("DATABASE"))
                .user(env("USER"))
                .password(env("PASSWORD"))
                .table(table)
                .dimension(dimension)
                .createTable(true)
                .dropTableFirst(true)
                .build();
    }

    static int port() {
        return env("PORT") == null ? 5432 : Integer.parseInt(env("PORT"));
    }

    @Override
    protected MemoryStore newStore() {
        return new EmbeddingStoreMemoryStore(pgvector(port(), 4), 4);
    }

    @Override
    protected int recordsPerWriter() {
        return 100;
    }

    @Test
    void should_report_a_database_that_goes_away_mid_solve_and_answer_without_its_memory() throws Exception {
        WordHashEmbeddingModel model = new WordHashEmbeddingModel(64);
        try (TcpProxy proxy = new TcpProxy(env("HOST") == null ? "127.0.0.1" : env("HOST"), port())) {
            MemoryStore store = new EmbeddingStoreMemoryStore(pgvector(proxy.port(), 64), 64);
            List<io.d3mas.SolveWarning> warnings = StoreOutageCheck.solveAfterOutage(model, store, () -> {
                try {
                    proxy.close(); // the database is gone: connections are refused from now on
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertTrue(warnings.stream().noneMatch(w -> w.message().contains(env("PASSWORD"))), "the password leaked");
        }
    }
}
