package io.d3mas.embed.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.InvalidInputException;
import io.d3mas.graph.Provenance;
import io.d3mas.memory.EmbeddingStoreMemoryStore;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryRecord;
import io.d3mas.metrics.Vectors;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** pgvector beyond one process: the HNSW index langchain4j does not create, and two SDK instances on one table. */
class PgVectorIndexTest {

    private static Connection connect() throws Exception {
        PgVectorMemoryStoreTest.requirePostgres();
        return DriverManager.getConnection(
                "jdbc:postgresql://" + PgVectorMemoryStoreTest.env("HOST") + ":" + PgVectorMemoryStoreTest.port() + "/"
                        + PgVectorMemoryStoreTest.env("DATABASE"),
                PgVectorMemoryStoreTest.env("USER"),
                PgVectorMemoryStoreTest.env("PASSWORD"));
    }

    private static String table(String what) {
        return "t_" + what + "_" + ProcessHandle.current().pid();
    }

    @Test
    void should_create_an_hnsw_index_that_the_stores_query_uses_and_keep_finding_the_nearest() throws Exception {
        String table = table("hnsw");
        EmbeddingStoreMemoryStore store = new EmbeddingStoreMemoryStore(
                PgVectorMemoryStoreTest.pgvector(PgVectorMemoryStoreTest.port(), 8, table), 8);
        Random random = new Random(4);
        List<MemoryRecord> records = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            float[] v = new float[8];
            for (int j = 0; j < 8; j++) {
                v[j] = (float) random.nextGaussian();
            }
            records.add(new MemoryRecord("r" + i, "a", "fact " + i, v, Provenance.QUERY));
        }
        store.addAll(records);
        try (Connection c = connect()) {
            String index = PgVectorIndex.createHnsw(c, table, 16, 64);
            assertEquals(table + "_embedding_hnsw", index);
            assertEquals(index, PgVectorIndex.createHnsw(c, table, 16, 64), "a second call finds it");
            try (Statement s = c.createStatement()) {
                s.execute("SET enable_seqscan = off");
                String vector = "[1,0,0,0,0,0,0,0]";
                StringBuilder plan = new StringBuilder();
                // the shape of langchain4j's search: a distance filter, ORDER BY <=>, LIMIT
                try (ResultSet rs = s.executeQuery("EXPLAIN SELECT embedding_id FROM " + table
                        + " WHERE round(cast(float8 (embedding <=> '" + vector + "') as numeric), 8) <= round(2 - 2 *"
                        + " -1.0, 8) ORDER BY embedding <=> '" + vector + "' LIMIT 10")) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                assertTrue(plan.toString().contains("Index Scan using " + index), plan.toString());
            }
        }
        int found = 0;
        for (int q = 0; q < 20; q++) {
            float[] query = records.get(q * 7).embedding();
            Set<String> exact = new HashSet<>();
            records.stream()
                    .sorted(Comparator.comparingDouble((MemoryRecord r) -> -Vectors.cosine(query, r.embedding())))
                    .limit(10)
                    .forEach(r -> exact.add(r.id()));
            for (MemoryHit h : store.search(MemoryQuery.of(query, 10, -1))) {
                found += exact.contains(h.record().id()) ? 1 : 0;
            }
        }
        assertTrue(found >= 180, "recall@10 " + found / 200.0);
    }

    @Test
    void should_refuse_a_table_name_that_is_not_an_identifier() throws Exception {
        try (Connection c = connect()) {
            for (String bad : List.of("memory; DROP TABLE x", "mem-ory", "1memory", "")) {
                assertThrows(InvalidInputException.class, () -> PgVectorIndex.createHnsw(c, bad, 16, 64), bad);
            }
            assertThrows(InvalidInputException.class, () -> PgVectorIndex.createHnsw(c, "memory", 16, 8));
        }
    }

    @Test
    void should_lose_nothing_when_two_processes_write_and_solve_on_one_table() throws Exception {
        String table = table("shared");
        PgVectorMemoryStoreTest.pgvector(PgVectorMemoryStoreTest.port(), 64, table); // creates it, empty
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int n = 40;
        List<Process> children = new ArrayList<>();
        for (String prefix : List.of("alpha", "beta")) {
            children.add(new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            SharedPgTeam.class.getName(),
                            table,
                            prefix,
                            "" + n)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start());
        }
        for (Process child : children) {
            String last = "";
            List<String> wrong = new ArrayList<>();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    last = line;
                    if (line.startsWith("WRONG")) {
                        wrong.add(line);
                    }
                }
            }
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "a child did not finish");
            assertEquals(0, child.exitValue(), "a child failed; last line: " + last);
            assertEquals("DONE 0", last, "wrong answers: " + wrong);
        }
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT text) FROM " + table)) {
            rs.next();
            assertEquals(2 * n, rs.getInt(1), "records in the shared table");
            assertEquals(2 * n, rs.getInt(2));
        }
    }
}
