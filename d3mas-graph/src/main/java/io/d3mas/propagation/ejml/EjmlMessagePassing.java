package io.d3mas.propagation.ejml;

import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.propagation.MessagePassing;
import io.d3mas.propagation.PropagationResult;
import io.d3mas.propagation.PropagationSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.FMatrixSparseCSC;
import org.ejml.dense.row.CommonOps_FDRM;
import org.jspecify.annotations.Nullable;

/**
 * Hierarchical type-aware message passing (paper eq. 10) with exactly the semantics of ARCHITECTURE §6.
 *
 * <p>For each layer step and each edge type τ it may receive along, {@code A_τ} is row-normalised (row v holds
 * {@code 1/|N_τ(v)|} per neighbour u along τ in the step's direction), and
 *
 * <pre>
 * M_v  = Σ_τ α_τ · (A_τ H W_τ)_v
 * h_v' = normalize((1 − β_type(v)) · h_v + β_type(v) · M_v)   if v received a message
 * h_v' = h_v                                                  otherwise
 * </pre>
 *
 * where v "received a message" when it has at least one neighbour along a τ of the step with {@code α_τ ≠ 0}
 * (so α = 0 everywhere leaves every embedding as it is) and normalize is L2 (a zero vector stays zero). One
 * iteration runs the six steps of {@link LayerStep} in order; all nodes of a step's layer update at once from
 * the values before the step. It stops after L iterations or when the largest change of an iteration,
 * {@code max_v ‖h_v' − h_v‖₂}, is below ε. Nodes without an embedding neither send nor receive.
 *
 * <p>The matrices are EJML {@code FMatrixSparseCSC} (float: the embeddings are float, and float halves the
 * memory traffic of the sparse product, which is bandwidth-bound). The sparse × dense product is written
 * here, row-parallel over the transposed CSC (= CSR) arrays, with accumulation in double; each row is computed
 * by the same code whatever the thread, so the result is the same single- and multi-threaded. Optional
 * trained weights: {@code W_τ} per edge type (k × k) and a projection P (d × k) applied to every embedding
 * first, so that the result has dimension k. Thread-safe: one instance serves concurrent solves.
 */
public final class EjmlMessagePassing implements MessagePassing {

    private final Map<EdgeType, FMatrixRMaj> weights;
    private final @Nullable FMatrixRMaj projection;
    private final int threads;
    private final String source;
    private @Nullable ExecutorService pool;

    /** Identity weights, no projection, one thread per core. The constructor {@link java.util.ServiceLoader} uses. */
    public EjmlMessagePassing() {
        this(new Builder());
    }

    private EjmlMessagePassing(Builder b) {
        this.weights = Collections.unmodifiableMap(new EnumMap<>(b.weights));
        this.projection = b.projection;
        this.threads = b.threads;
        this.source = b.source;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "EjmlMessagePassing(" + source + ")";
    }

    /**
     * @throws IllegalArgumentException for mixed dimensions, non-finite values (naming the node) or weights of
     *     the wrong shape (naming the shapes)
     */
    @Override
    public PropagationResult propagate(GraphSnapshot graph, PropagationSettings settings) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(settings, "settings");
        PropagationGraph g = PropagationGraph.of(graph);
        int n = g.size();
        if (n == 0) {
            return new PropagationResult(Map.of(), List.of(), true);
        }
        float[] h = project(g);
        int k = h.length / n;
        checkWeights(g.dimension, k);
        float[] next = new float[h.length];
        float[] start = new float[h.length];
        List<Double> changes = new ArrayList<>();
        boolean converged = false;
        ExecutorService pool = threads > 1 && n >= 256 ? pool() : null;
        for (int it = 0; it < settings.iterations(); it++) {
            System.arraycopy(h, 0, start, 0, h.length);
            for (LayerStep step : LayerStep.values()) {
                runStep(g, step, h, next, k, settings, pool);
            }
            double change = maxRowChange(start, h, k);
            changes.add(change);
            if (change < settings.epsilon()) {
                converged = true;
                break;
            }
        }
        Map<String, float[]> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            float[] row = new float[k];
            System.arraycopy(h, i * k, row, 0, k);
            out.put(g.ids.get(i), row);
        }
        return new PropagationResult(out, changes, converged);
    }

    /** One layer step: computes the new rows of the layer into {@code next}, then copies them into {@code h}. */
    private void runStep(
            PropagationGraph g,
            LayerStep step,
            float[] h,
            float[] next,
            int k,
            PropagationSettings settings,
            @Nullable ExecutorService pool) {
        int[] rows = g.layerRows.get(step);
        if (rows.length == 0) {
            return;
        }
        List<FMatrixSparseCSC> matrices = g.adjacency.get(step);
        int m = matrices.size();
        float[][] senders = new float[m][];
        float[] alpha = new float[m];
        for (int t = 0; t < m; t++) {
            EdgeType type = step.incoming.get(t).type();
            alpha[t] = settings.alpha().get(type).floatValue();
            FMatrixRMaj w = weights.get(type);
            senders[t] = w == null || alpha[t] == 0 ? h : times(h, w, k);
        }
        float beta = settings.beta().get(step.layer).floatValue();
        boolean[] received = new boolean[rows.length];
        Kernel kernel = new Kernel(rows, matrices, senders, alpha, beta, h, next, k, received);
        if (pool == null) {
            kernel.run(0, rows.length);
        } else {
            int chunk = (rows.length + threads - 1) / threads;
            List<Future<?>> parts = new ArrayList<>();
            for (int from = 0; from < rows.length; from += chunk) {
                int lo = from;
                int hi = Math.min(rows.length, from + chunk);
                parts.add(pool.submit(() -> kernel.run(lo, hi)));
            }
            for (Future<?> f : parts) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("message passing was interrupted", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("message passing failed: " + e.getCause(), e.getCause());
                }
            }
        }
        for (int r = 0; r < rows.length; r++) {
            if (received[r]) {
                System.arraycopy(next, rows[r] * k, h, rows[r] * k, k);
            }
        }
    }

    /** The row-parallel sparse × dense product and update for a range of a layer's rows. */
    private record Kernel(
            int[] rows,
            List<FMatrixSparseCSC> matrices,
            float[][] senders,
            float[] alpha,
            float beta,
            float[] h,
            float[] next,
            int k,
            boolean[] received) {

        void run(int lo, int hi) {
            double[] acc = new double[k]; // the thread's workspace for this range
            for (int r = lo; r < hi; r++) {
                int v = rows[r];
                Arrays.fill(acc, 0);
                boolean got = false;
                for (int t = 0; t < matrices.size(); t++) {
                    if (alpha[t] == 0) {
                        continue;
                    }
                    FMatrixSparseCSC a = matrices.get(t);
                    int end = a.col_idx[v + 1];
                    float[] s = senders[t];
                    for (int e = a.col_idx[v]; e < end; e++) {
                        int u = a.nz_rows[e];
                        double w = (double) alpha[t] * a.nz_values[e];
                        int base = u * k;
                        for (int c = 0; c < k; c++) {
                            acc[c] += w * s[base + c];
                        }
                        got = true;
                    }
                }
                received[r] = got;
                if (!got) {
                    continue;
                }
                double norm = 0;
                int base = v * k;
                for (int c = 0; c < k; c++) {
                    double x = (1 - beta) * h[base + c] + beta * acc[c];
                    acc[c] = x;
                    norm += x * x;
                }
                double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
                for (int c = 0; c < k; c++) {
                    next[base + c] = (float) (acc[c] * inv);
                }
            }
        }
    }

    private float[] project(PropagationGraph g) {
        if (projection == null) {
            return g.embeddings.clone();
        }
        if (projection.numRows != g.dimension) {
            throw new IllegalArgumentException("projection P is " + projection.numRows + "x" + projection.numCols
                    + " but the embeddings have dimension " + g.dimension + "; P must be " + g.dimension + "xk");
        }
        return times(g.embeddings, projection, g.dimension);
    }

    private void checkWeights(int dimension, int k) {
        for (Map.Entry<EdgeType, FMatrixRMaj> w : weights.entrySet()) {
            FMatrixRMaj m = w.getValue();
            if (m.numRows != k || m.numCols != k) {
                throw new IllegalArgumentException("W[" + w.getKey() + "] is " + m.numRows + "x" + m.numCols
                        + " but messages have dimension " + k
                        + (projection == null ? "" : " (embeddings " + dimension + ", projected by P to " + k + ")")
                        + "; W must be " + k + "x" + k);
            }
        }
    }

    /** Row-major (rows × inner) times an inner × cols matrix. */
    private static float[] times(float[] h, FMatrixRMaj w, int inner) {
        int rows = h.length / inner;
        FMatrixRMaj left = FMatrixRMaj.wrap(rows, inner, h);
        FMatrixRMaj out = new FMatrixRMaj(rows, w.numCols);
        CommonOps_FDRM.mult(left, w, out);
        return out.data;
    }

    private static double maxRowChange(float[] before, float[] after, int k) {
        double max = 0;
        for (int base = 0; base < before.length; base += k) {
            double s = 0;
            for (int c = 0; c < k; c++) {
                double d = after[base + c] - before[base + c];
                s += d * d;
            }
            max = Math.max(max, Math.sqrt(s));
        }
        return max;
    }

    /**
     * The row-parallel workers, made on first use and kept by this instance (not made per call: propagation runs
     * in every feedback round). Daemon threads that end after 30 s idle, so an unused instance holds none.
     */
    private ExecutorService pool() {
        synchronized (this) {
            if (pool == null) {
                ThreadPoolExecutor p = new ThreadPoolExecutor(
                        threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                            Thread t = new Thread(r, "d3mas-message-passing");
                            t.setDaemon(true);
                            return t;
                        });
                p.allowCoreThreadTimeOut(true);
                pool = p;
            }
            return pool;
        }
    }

    /** Weights and threads. Every setter checks its value and names the field. */
    public static final class Builder {

        private final Map<EdgeType, FMatrixRMaj> weights = new EnumMap<>(EdgeType.class);
        private @Nullable FMatrixRMaj projection;
        private int threads = Runtime.getRuntime().availableProcessors();
        private String source = "W = I";

        private Builder() {}

        /** W_τ as k × k rows (identity when not set). */
        public Builder weight(EdgeType type, float[][] w) {
            Objects.requireNonNull(type, "type");
            weights.put(type, matrix("W[" + type + "]", w));
            source = "W set";
            return this;
        }

        /** P, d × k: every embedding is projected to dimension k before the iterations. */
        public Builder projection(float[][] p) {
            this.projection = matrix("projection", p);
            return this;
        }

        /** Reads P and W_τ from a JSON file (format: docs/message-passing.md). */
        public Builder weightsFile(Path file) {
            WeightsFile.read(file).applyTo(this);
            source = "W from " + file.getFileName();
            return this;
        }

        /** Threads for the row-parallel product (default: one per core; 1 = the calling thread only). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        public EjmlMessagePassing build() {
            return new EjmlMessagePassing(this);
        }

        private static FMatrixRMaj matrix(String field, float[][] rows) {
            Objects.requireNonNull(rows, field);
            if (rows.length == 0 || rows[0] == null || rows[0].length == 0) {
                throw new IllegalArgumentException(field + " must have at least one row and one column");
            }
            int cols = rows[0].length;
            FMatrixRMaj m = new FMatrixRMaj(rows.length, cols);
            for (int r = 0; r < rows.length; r++) {
                if (rows[r] == null || rows[r].length != cols) {
                    throw new IllegalArgumentException(field + " row " + r + " has "
                            + (rows[r] == null ? 0 : rows[r].length) + " values, row 0 has " + cols);
                }
                for (int c = 0; c < cols; c++) {
                    if (!Float.isFinite(rows[r][c])) {
                        throw new IllegalArgumentException(field + "[" + r + "][" + c + "] is " + rows[r][c]);
                    }
                    m.set(r, c, rows[r][c]);
                }
            }
            return m;
        }
    }
}
