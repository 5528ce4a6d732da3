package io.d3mas.examples;

import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import io.d3mas.embed.store.LuceneMemoryStore;
import io.d3mas.embed.store.PgVectorIndex;
import io.d3mas.graph.Provenance;
import io.d3mas.memory.EmbeddingStoreMemoryStore;
import io.d3mas.memory.InMemoryMemoryStore;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryRecord;
import io.d3mas.memory.MemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.FSDirectory;

/**
 * Top-k latency (p50, p95) and recall@k against the exact scan, plus ingestion throughput, for the memory stores
 * on clustered synthetic vectors (issue 6). In one run per size: the exact in-memory store (the baseline recall
 * is measured against), the int8 in-memory store, and the Lucene HNSW store on disk.
 *
 * <p>Data: {@code sqrt(N)} cluster centres with standard normal coordinates, each vector a centre plus normal
 * noise of σ = 0.7 per coordinate; queries are fresh points drawn the same way. No threshold (θ = −1), owners
 * not filtered. Latency is the wall time of {@code search} from one calling thread (the in-memory stores split
 * a large scan over their search threads).
 *
 * {@code java -Xmx20g ... MemoryStoreBenchmark [--sizes 10000,100000,1000000] [--dim 384] [--queries 200] [--k 10]
 * [--stores exact,int8,lucene,pgvector] [--work target/memory-store-benchmark] [--force-merge true]}; pgvector
 * needs the server that
 * {@code source .ci/pgvector.sh start} starts.
 */
public final class MemoryStoreBenchmark {

    private MemoryStoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(
                args,
                Set.of(
                        "sizes",
                        "dim",
                        "queries",
                        "k",
                        "stores",
                        "work",
                        "seed",
                        "candidates",
                        "reuse-index",
                        "force-merge"));
        int d = Integer.parseInt(a.getOrDefault("dim", "384"));
        int queries = Integer.parseInt(a.getOrDefault("queries", "200"));
        int k = Integer.parseInt(a.getOrDefault("k", "10"));
        int candidates = Integer.parseInt(a.getOrDefault("candidates", "100"));
        Set<String> stores =
                Set.of(a.getOrDefault("stores", "exact,int8,lucene").split(","));
        Path work = Path.of(a.getOrDefault("work", "target/memory-store-benchmark"));
        long seed = Long.parseLong(a.getOrDefault("seed", "3"));
        System.out.printf(
                Locale.ROOT,
                "d=%d, %d queries, k=%d; machine: %s, %d cores, Java %s%n",
                d,
                queries,
                k,
                io.d3mas.examples.eval.CoordinationBenchmark.cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        System.out.println("| N | store | ingest (records/s) | p50 ms | p95 ms | recall@" + k + " |");
        System.out.println("|---|---|---|---|---|---|");
        for (String size : a.getOrDefault("sizes", "10000,100000,1000000").split(",")) {
            int n = Integer.parseInt(size.strip());
            Random random = new Random(seed + n);
            float[][] centres = new float[(int) Math.max(1, Math.sqrt(n))][d];
            for (float[] c : centres) {
                for (int i = 0; i < d; i++) {
                    c[i] = (float) random.nextGaussian();
                }
            }
            List<MemoryRecord> records = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                records.add(new MemoryRecord(
                        "r" + i,
                        "agent" + (i % 6),
                        "record " + i,
                        point(centres, random, d),
                        Provenance.of("agent0", "synthetic")));
            }
            List<float[]> qs = new ArrayList<>();
            for (int i = 0; i < queries; i++) {
                qs.add(point(centres, random, d));
            }
            InMemoryMemoryStore exact = new InMemoryMemoryStore();
            double exactRate = ingest(exact, records);
            List<Set<String>> truth = new ArrayList<>();
            for (float[] q : qs) {
                truth.add(ids(exact.search(MemoryQuery.of(q, k, -1))));
            }
            if (stores.contains("exact")) {
                report(n, "in-memory exact", exactRate, exact, qs, truth, k);
            }
            if (stores.contains("int8")) {
                InMemoryMemoryStore int8 =
                        InMemoryMemoryStore.builder().quantized(true).build();
                report(n, "in-memory int8 + re-rank", ingest(int8, records), int8, qs, truth, k);
            }
            if (stores.contains("pgvector")) {
                pgvector(n, d, records, qs, truth, k);
            }
            exact = null; // lets the collector take it before the next store
            if (stores.contains("lucene")) {
                Path dir = work.resolve("lucene-" + n);
                boolean reuse = Boolean.parseBoolean(a.getOrDefault("reuse-index", "false")) && Files.exists(dir);
                if (!reuse) {
                    deleteTree(dir);
                }
                int threads = Math.min(4, Runtime.getRuntime().availableProcessors());
                Supplier<LuceneMemoryStore> open = () -> LuceneMemoryStore.builder(dir, d)
                        .mergeThreads(Runtime.getRuntime().availableProcessors())
                        .ramBufferMb(512)
                        .candidates(candidates)
                        .open();
                double rate = Double.NaN; // --reuse-index true: search what an earlier run built
                if (!reuse) {
                    long start = System.nanoTime();
                    try (LuceneMemoryStore lucene = open.get()) {
                        ingest(lucene, records);
                    } // close waits for the background merges: the rate is until the index is complete
                    rate = n / ((System.nanoTime() - start) / 1e9);
                }
                openCost(dir, d, n);
                String name = "Lucene HNSW (M=16, beam 100, " + candidates + " candidates)";
                try (LuceneMemoryStore lucene = open.get()) {
                    report(n, name + ", segments searched by " + threads + " threads", rate, lucene, qs, truth, k);
                }
                try (LuceneMemoryStore lucene = LuceneMemoryStore.builder(dir, d)
                        .candidates(candidates)
                        .searchThreads(1)
                        .open()) {
                    report(n, name + ", one search thread", Double.NaN, lucene, qs, truth, k);
                }
                bareLucene(n, dir, qs, truth, k, candidates);
                if (Boolean.parseBoolean(a.getOrDefault("force-merge", "false"))) {
                    try (LuceneMemoryStore lucene = open.get()) {
                        long start = System.nanoTime();
                        lucene.forceMerge(1);
                        System.out.printf(
                                Locale.ROOT,
                                "%,d Lucene forceMerge(1) in %.1f s%n",
                                n,
                                (System.nanoTime() - start) / 1e9);
                        report(n, name + ", after forceMerge(1)", Double.NaN, lucene, qs, truth, k);
                    }
                    bareLucene(n, dir, qs, truth, k, candidates);
                }
            }
        }
        System.out.printf(Locale.ROOT, "JVM peak RSS %s%n", PropagationBenchmark.peakRss());
    }

    /**
     * The same index searched with Lucene alone: a bare {@link KnnFloatVectorQuery} for {@code candidates} and the
     * ids of the top k read from stored fields, what any Lucene user pays. The store's own time minus this is what
     * the store adds.
     */
    private static void bareLucene(int n, Path dir, List<float[]> qs, List<Set<String>> truth, int k, int candidates)
            throws java.io.IOException {
        try (FSDirectory fs = FSDirectory.open(dir);
                DirectoryReader reader = DirectoryReader.open(fs)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            StoredFields fields = searcher.storedFields();
            double[] ms = new double[qs.size()];
            long found = 0;
            for (int round = 0; round < 2; round++) { // the first round warms up
                found = 0;
                for (int i = 0; i < qs.size(); i++) {
                    long t = System.nanoTime();
                    float[] unit = unit(qs.get(i));
                    ScoreDoc[] top = searcher.search(new KnnFloatVectorQuery("vector", unit, candidates), k).scoreDocs;
                    Set<String> got = new HashSet<>();
                    for (ScoreDoc sd : top) {
                        got.add(fields.document(sd.doc, Set.of("id")).get("id"));
                    }
                    ms[i] = (System.nanoTime() - t) / 1e6;
                    got.retainAll(truth.get(i));
                    found += got.size();
                }
            }
            Arrays.sort(ms);
            System.out.printf(
                    Locale.ROOT,
                    "| %,d | bare Lucene KnnFloatVectorQuery on the same index (%d segments, %d candidates) | | %.2f | %.2f |"
                            + " %.3f |%n",
                    n,
                    reader.leaves().size(),
                    candidates,
                    ms[ms.length / 2],
                    ms[(int) Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)],
                    (double) found / (k * (long) qs.size()));
        }
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return out;
    }

    /** The EmbeddingStore adapter on the PostgreSQL that .ci/pgvector.sh starts (D3MAS_PGVECTOR_* set). */
    private static void pgvector(
            int n, int d, List<MemoryRecord> records, List<float[]> qs, List<Set<String>> truth, int k) {
        if (System.getenv("D3MAS_PGVECTOR_HOST") == null) {
            System.out.println("| " + n + " | pgvector | skipped: run `source .ci/pgvector.sh start` first | | | |");
            return;
        }
        PgVectorEmbeddingStore pg = PgVectorEmbeddingStore.builder()
                .host(System.getenv("D3MAS_PGVECTOR_HOST"))
                .port(Integer.parseInt(System.getenv("D3MAS_PGVECTOR_PORT")))
                .database(System.getenv("D3MAS_PGVECTOR_DATABASE"))
                .user(System.getenv("D3MAS_PGVECTOR_USER"))
                .password(System.getenv("D3MAS_PGVECTOR_PASSWORD"))
                .table("benchmark_" + n)
                .dimension(d)
                .createTable(true)
                .dropTableFirst(true)
                .build();
        EmbeddingStoreMemoryStore store = new EmbeddingStoreMemoryStore(pg, d);
        report(
                n,
                "pgvector via EmbeddingStoreMemoryStore (exact scan, no index)",
                ingest(store, records),
                store,
                qs,
                truth,
                k);
        // the same table with the HNSW index langchain4j does not create (PgVectorIndex)
        String url = "jdbc:postgresql://" + System.getenv("D3MAS_PGVECTOR_HOST") + ":"
                + System.getenv("D3MAS_PGVECTOR_PORT") + "/" + System.getenv("D3MAS_PGVECTOR_DATABASE");
        long start = System.nanoTime();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                url, System.getenv("D3MAS_PGVECTOR_USER"), System.getenv("D3MAS_PGVECTOR_PASSWORD"))) {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("SET maintenance_work_mem = '4GB'"); // the graph in memory while it is built (pgvector)
            }
            PgVectorIndex.createHnsw(c, "benchmark_" + n, 16, 64);
        } catch (java.sql.SQLException e) {
            System.out.println("| " + n + " | pgvector + HNSW | index creation failed: " + e.getMessage() + " | | | |");
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "%,d pgvector HNSW index (m=16, ef_construction=64, maintenance_work_mem 4GB) built in %.1f s%n",
                n,
                (System.nanoTime() - start) / 1e9);
        report(n, "pgvector + HNSW index (PgVectorIndex; ef_search 40, the default)", Double.NaN, store, qs, truth, k);
    }

    private static float[] point(float[][] centres, Random random, int d) {
        float[] c = centres[random.nextInt(centres.length)];
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = c[i] + 0.7f * (float) random.nextGaussian();
        }
        return v;
    }

    /**
     * What verifying every checksum on open costs (issue 19): median of 3 opens each way, on a warm page cache, so
     * the difference is reading and checksumming the files from memory.
     */
    private static void openCost(Path dir, int d, int n) throws java.io.IOException {
        double[] ms = new double[2];
        for (int way = 0; way < 2; way++) {
            boolean verify = way == 0;
            double[] times = new double[3];
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                try (LuceneMemoryStore s = LuceneMemoryStore.builder(dir, d)
                        .verifyChecksums(verify)
                        .open()) {
                    times[i] = (System.nanoTime() - start) / 1e6;
                }
            }
            java.util.Arrays.sort(times);
            ms[way] = times[1];
        }
        long bytes;
        try (var files = Files.list(dir)) {
            bytes = files.mapToLong(f -> f.toFile().length()).sum();
        }
        System.out.printf(
                Locale.ROOT,
                "%,d Lucene open: %.0f ms verifying every checksum, %.0f ms without (index %.0f MiB, warm page cache)%n",
                n,
                ms[0],
                ms[1],
                bytes / 1048576.0);
    }

    /** Adds in batches of 1,000 (each a commit for Lucene); records per second. */
    private static double ingest(MemoryStore store, List<MemoryRecord> records) {
        long start = System.nanoTime();
        for (int i = 0; i < records.size(); i += 1000) {
            store.addAll(records.subList(i, Math.min(records.size(), i + 1000)));
        }
        return records.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static void report(
            int n, String name, double rate, MemoryStore store, List<float[]> qs, List<Set<String>> truth, int k) {
        for (int i = 0; i < Math.min(20, qs.size()); i++) { // warm-up
            store.search(MemoryQuery.of(qs.get(i), k, -1));
        }
        double[] ms = new double[qs.size()];
        long found = 0;
        for (int i = 0; i < qs.size(); i++) {
            long t = System.nanoTime();
            List<MemoryHit> hits = store.search(MemoryQuery.of(qs.get(i), k, -1));
            ms[i] = (System.nanoTime() - t) / 1e6;
            Set<String> got = ids(hits);
            got.retainAll(truth.get(i));
            found += got.size();
        }
        Arrays.sort(ms);
        System.out.printf(
                Locale.ROOT,
                "| %,d | %s | %,.0f | %.2f | %.2f | %.3f |%n",
                n,
                name,
                rate,
                ms[ms.length / 2],
                ms[(int) Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)],
                (double) found / (k * (long) qs.size()));
    }

    private static Set<String> ids(List<MemoryHit> hits) {
        Set<String> out = new HashSet<>();
        hits.forEach(h -> out.add(h.record().id()));
        return out;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
