package io.d3mas.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.NodeType;
import io.d3mas.propagation.PropagationResult;
import io.d3mas.propagation.PropagationSettings;
import io.d3mas.propagation.ejml.EjmlMessagePassing;
import io.d3mas.propagation.ejml.PreparedGraph;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.FMatrixSparseCSC;
import org.ejml.sparse.csc.CommonOps_FSCC;

/**
 * Message-passing benchmark (issue 3): one iteration of ARCHITECTURE §6 on a random heterogeneous graph, timed
 * for {@link EjmlMessagePassing} (its SIMD kernel when the JVM runs with {@code --add-modules
 * jdk.incubator.vector}, and its scalar kernel) and, in the same run, for scipy (the same products, and the whole iteration,
 * by {@code scripts/propagation_scipy.py}, which builds its matrices from the edge list on its own), for EJML's
 * own sparse × dense kernel ({@code CommonOps_FSCC.multTransA}) on the same matrices, and for a naive
 * single-threaded Java loop. Also times building the matrices from a snapshot against one iteration. The
 * results of scipy and of the naive loop are compared with ours (largest absolute difference).
 *
 * <p>Run all three sizes with {@code d3mas-examples/scripts/propagation-benchmark.sh}, or one:
 * {@code java --add-modules jdk.incubator.vector -cp ... io.d3mas.examples.PropagationBenchmark --nodes 100000 --edges 1000000 --dim 384}
 */
public final class PropagationBenchmark {

    /** The six layer steps, written out again from ARCHITECTURE §6 for the naive loop and EJML's kernel. */
    private static final Object[][] STEPS = {
        {NodeType.MEMORY, new Object[][] {{EdgeType.RELATE, "either"}}},
        {
            NodeType.REASONING,
            new Object[][] {{EdgeType.RETRIEVE, "forward"}, {EdgeType.GROUND, "either"}, {EdgeType.DEPEND, "forward"}}
        },
        {NodeType.TASK, new Object[][] {{EdgeType.TRIGGER, "forward"}, {EdgeType.DECOMPOSE, "forward"}}},
        {NodeType.TASK, new Object[][] {{EdgeType.DECOMPOSE, "backward"}}},
        {NodeType.REASONING, new Object[][] {{EdgeType.TRIGGER, "backward"}}},
        {
            NodeType.MEMORY,
            new Object[][] {{EdgeType.RETRIEVE, "backward"}, {EdgeType.GROUND, "either"}, {EdgeType.RELATE, "either"}}
        }
    };

    private static final float BETA = 0.5f;

    private PropagationBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a =
                Args.parse(args, Set.of("nodes", "edges", "dim", "repeats", "threads", "seed", "scipy", "work"));
        int n = Integer.parseInt(a.getOrDefault("nodes", "100000"));
        long e = Long.parseLong(a.getOrDefault("edges", "1000000"));
        int d = Integer.parseInt(a.getOrDefault("dim", "384"));
        int repeats = Integer.parseInt(a.getOrDefault("repeats", "5"));
        int threads = Integer.parseInt(
                a.getOrDefault("threads", "" + Runtime.getRuntime().availableProcessors()));
        String scipy = a.get("scipy");
        Path work = Path.of(a.getOrDefault("work", "target/propagation-benchmark"));

        long t0 = System.nanoTime();
        RandomHeteroGraph g = RandomHeteroGraph.generate(n, e, d, Long.parseLong(a.getOrDefault("seed", "42")));
        GraphSnapshot snapshot = g.snapshot();
        System.out.printf(
                Locale.ROOT,
                "graph: N=%,d E=%,d d=%d (generated in %.1f s), %d threads, median of %d%n",
                n,
                g.edgeCount(),
                d,
                (System.nanoTime() - t0) / 1e9,
                threads,
                repeats);

        EjmlMessagePassing ours = EjmlMessagePassing.builder().threads(threads).build();
        PreparedGraph prepared = ours.prepare(snapshot);
        double build = median(repeats, () -> ours.prepare(snapshot));
        PropagationSettings one = PropagationSettings.uniform(1, 1e-30, 1.0, BETA);
        PropagationSettings three = PropagationSettings.uniform(3, 1e-30, 1.0, BETA);
        PropagationResult ourResult = ours.propagate(prepared, one);
        // the SIMD kernel where it runs (with the module, from SIMD_FROM_NODES), then the scalar kernel on the
        // same prepared graph in the same run (the same bits: KernelTest)
        boolean simd = ours.kernel().startsWith("SIMD") && n >= EjmlMessagePassing.SIMD_FROM_NODES;
        double iteration = timeIteration(ours, simd ? "SIMD kernel" : "scalar kernel", prepared, three, repeats);
        EjmlMessagePassing scalar =
                EjmlMessagePassing.builder().threads(threads).simd(false).build();
        double scalarIteration = simd ? timeIteration(scalar, "scalar kernel", prepared, three, repeats) : iteration;
        if (simd) {
            System.out.printf(
                    Locale.ROOT,
                    "ours, scalar kernel: one iteration %.1f ms; SIMD / scalar = %.2f%n",
                    scalarIteration,
                    iteration / scalarIteration);
        }
        double guarded = timeIteration(
                ours,
                "with the over-smoothing guard (maxMeanCosine 0.99)",
                prepared,
                three.withMaxMeanCosine(0.99),
                repeats);
        System.out.printf(
                Locale.ROOT, "  the guard's copy and cosine pass: guarded / unguarded = %.2f%n", guarded / iteration);
        System.out.printf(
                Locale.ROOT,
                "  matrices: %,d non-zeros, %.0f MiB with the embeddings; rebuilding from the snapshot %.1f ms"
                        + " = %.2f x one iteration%n",
                prepared.nonZeros(),
                prepared.bytes() / 1048576.0,
                build,
                build / iteration);

        Naive naive = new Naive(g);
        float[] naiveResult = naive.iterate();
        double naiveMs = median(Math.min(repeats, 3), naive::iterate);
        System.out.printf(
                Locale.ROOT,
                "naive Java loop (1 thread, float[][] rows): %.1f ms, ours / naive = %.2f, max |diff| %.2g%n",
                naiveMs,
                iteration / naiveMs,
                maxDiff(ourResult, naiveResult, d));
        double ejml = median(Math.min(repeats, 3), naive::ejmlProducts);
        System.out.printf(
                Locale.ROOT,
                "EJML CommonOps_FSCC.multTransA, the products only (1 thread): %.1f ms, ours / EJML = %.2f%n",
                ejml,
                iteration / ejml);

        if (scipy != null) {
            g.export(work);
            JsonNode s = runScipy(scipy, work, repeats);
            double products = s.get("products_ms").asDouble();
            double full = s.get("iteration_ms").asDouble();
            float[] scipyResult = readFloats(work.resolve("h1.f32"), n * d);
            System.out.printf(
                    Locale.ROOT,
                    "scipy %s (float32, 1 thread): products %.1f ms, whole iteration %.1f ms, peak RSS %.0f MiB,"
                            + " max |diff| %.2g%n",
                    s.get("scipy").asText(),
                    products,
                    full,
                    s.get("peak_rss_mib").asDouble(),
                    maxDiff(ourResult, scipyResult, d));
            System.out.printf(
                    Locale.ROOT,
                    "RATIO ours / scipy products = %.2f, ours / scipy iteration = %.2f (kernel: %s)%n",
                    iteration / products,
                    iteration / full,
                    simd ? "SIMD" : "scalar");
            if (simd) {
                System.out.printf(
                        Locale.ROOT, "RATIO scalar kernel / scipy products = %.2f%n", scalarIteration / products);
            }
        }
        System.out.printf(Locale.ROOT, "JVM peak RSS %s%n", peakRss());
    }

    /**
     * The median of the per-iteration wall times that the results report (the loop, not the copies in and out),
     * over {@code repeats} calls of L = 3 after one untimed call (the JIT compiles the kernel during it: the
     * Vector API's code is slow until C2 has compiled it). The heap holds the snapshot and the naive loop's copies: each call
     * starts after a full collection of the previous call's output, so that no concurrent collection of the
     * harness's garbage runs inside a timed iteration. Prints it with the median whole call.
     */
    private static double timeIteration(
            EjmlMessagePassing mp, String kernel, PreparedGraph prepared, PropagationSettings three, int repeats) {
        mp.propagate(prepared, three);
        List<Double> iterations = new ArrayList<>();
        double call = median(repeats, () -> {
            System.gc();
            mp.propagate(prepared, three).iterationTimes().forEach(t -> iterations.add(t.toNanos() / 1e6));
        });
        double iteration = median(iterations.subList(iterations.size() - 3 * repeats, iterations.size()));
        System.out.printf(
                Locale.ROOT,
                "ours (EjmlMessagePassing, %s): one iteration %.1f ms (a whole L=3 call %.1f ms, with a full GC before it and copying"
                        + " the embeddings in and out)%n",
                kernel,
                iteration,
                call);
        return iteration;
    }

    private static JsonNode runScipy(String script, Path work, int repeats) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", script, work.toString(), "" + repeats, "" + BETA)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("the scipy script failed (exit " + p.exitValue() + "): " + out);
        }
        String[] lines = out.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    private static float[] readFloats(Path file, int count) throws IOException {
        float[] out = new float[count];
        ByteBuffer.wrap(Files.readAllBytes(file))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(out);
        return out;
    }

    private static double maxDiff(PropagationResult ours, float[] other, int d) {
        double max = 0;
        for (Map.Entry<String, float[]> row : ours.embeddings().entrySet()) {
            int i = Integer.parseInt(row.getKey().substring(1));
            for (int c = 0; c < d; c++) {
                max = Math.max(max, Math.abs(row.getValue()[c] - other[i * d + c]));
            }
        }
        return max;
    }

    private static double median(int repeats, Runnable work) {
        long warm = System.nanoTime();
        do { // warm-up: at least one run and a second of them, so that small graphs are measured compiled
            work.run();
        } while (System.nanoTime() - warm < 1_000_000_000L);
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return median(Arrays.stream(ms).boxed().toList());
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no /proc
        }
        return "n/a (no /proc/self/status)";
    }

    /**
     * The straightforward implementation: rows as {@code float[][]}, neighbour lists per receiver, one thread,
     * float sums, a new message array per node. Also holds the same adjacency as EJML CSC matrices.
     */
    private static final class Naive {
        private final RandomHeteroGraph g;
        private final List<NodeType> layers = new ArrayList<>();
        private final List<List<int[][]>> neighbours = new ArrayList<>();
        private final List<List<FMatrixSparseCSC>> matrices = new ArrayList<>();

        Naive(RandomHeteroGraph g) {
            this.g = g;
            for (Object[] step : STEPS) {
                NodeType layer = (NodeType) step[0];
                layers.add(layer);
                List<int[][]> lists = new ArrayList<>();
                List<FMatrixSparseCSC> csc = new ArrayList<>();
                for (Object[] in : (Object[][]) step[1]) {
                    int[][] lists1 = lists(layer, (EdgeType) in[0], (String) in[1]);
                    lists.add(lists1);
                    csc.add(transposed(lists1));
                }
                neighbours.add(lists);
                matrices.add(csc);
            }
        }

        private int[][] lists(NodeType layer, EdgeType type, String direction) {
            int[][] pairs = g.edges.get(type);
            int[] degree = new int[g.n];
            int[][] out = new int[g.n][];
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < pairs[0].length; i++) {
                    int f = pairs[0][i];
                    int t = pairs[1][i];
                    if (!direction.equals("backward") && g.types[f] == layer) {
                        add(pass, degree, out, f, t);
                    }
                    if (!direction.equals("forward") && g.types[t] == layer) {
                        add(pass, degree, out, t, f);
                    }
                }
                if (pass == 0) {
                    for (int v = 0; v < g.n; v++) {
                        out[v] = new int[degree[v]];
                        degree[v] = 0;
                    }
                }
            }
            return out;
        }

        private static void add(int pass, int[] degree, int[][] out, int receiver, int sender) {
            if (pass == 1) {
                out[receiver][degree[receiver]] = sender;
            }
            degree[receiver]++;
        }

        private FMatrixSparseCSC transposed(int[][] lists) {
            int nnz = Arrays.stream(lists).mapToInt(l -> l.length).sum();
            FMatrixSparseCSC m = new FMatrixSparseCSC(g.n, g.n, nnz);
            for (int v = 0; v < g.n; v++) {
                m.col_idx[v + 1] = m.col_idx[v] + lists[v].length;
                int[] sorted = lists[v].clone();
                Arrays.sort(sorted);
                for (int j = 0; j < sorted.length; j++) {
                    m.nz_rows[m.col_idx[v] + j] = sorted[j];
                    m.nz_values[m.col_idx[v] + j] = 1f / sorted.length;
                }
            }
            m.nz_length = nnz;
            m.indicesSorted = true;
            return m;
        }

        float[] iterate() {
            int d = g.d;
            float[][] h = new float[g.n][];
            for (int i = 0; i < g.n; i++) {
                h[i] = Arrays.copyOfRange(g.h, i * d, (i + 1) * d);
            }
            for (int s = 0; s < STEPS.length; s++) {
                float[][] next = new float[g.n][];
                for (int v = 0; v < g.n; v++) {
                    if (g.types[v] != layers.get(s)) {
                        continue;
                    }
                    float[] msg = new float[d];
                    boolean got = false;
                    for (int[][] lists : neighbours.get(s)) {
                        int[] from = lists[v];
                        for (int u : from) {
                            for (int c = 0; c < d; c++) {
                                msg[c] += h[u][c] / from.length;
                            }
                            got = true;
                        }
                    }
                    if (got) {
                        float norm = 0;
                        for (int c = 0; c < d; c++) {
                            msg[c] = (1 - BETA) * h[v][c] + BETA * msg[c];
                            norm += msg[c] * msg[c];
                        }
                        float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0;
                        for (int c = 0; c < d; c++) {
                            msg[c] *= inv;
                        }
                        next[v] = msg;
                    }
                }
                for (int v = 0; v < g.n; v++) {
                    if (next[v] != null) {
                        h[v] = next[v];
                    }
                }
            }
            float[] flat = new float[g.n * d];
            for (int i = 0; i < g.n; i++) {
                System.arraycopy(h[i], 0, flat, i * d, d);
            }
            return flat;
        }

        /** EJML's kernel: {@code A_τ H} for every matrix of every step, on the input embeddings. */
        void ejmlProducts() {
            FMatrixRMaj h = FMatrixRMaj.wrap(g.n, g.d, g.h);
            FMatrixRMaj out = new FMatrixRMaj(g.n, g.d);
            for (List<FMatrixSparseCSC> step : matrices) {
                for (FMatrixSparseCSC at : step) {
                    CommonOps_FSCC.multTransA(at, h, out, null);
                }
            }
        }
    }
}
