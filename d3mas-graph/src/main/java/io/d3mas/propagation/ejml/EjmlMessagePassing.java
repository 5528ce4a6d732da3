package io.d3mas.propagation.ejml;

import io.d3mas.InvalidInputException;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.NodeType;
import io.d3mas.propagation.MessagePassing;
import io.d3mas.propagation.PropagationResult;
import io.d3mas.propagation.PropagationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.DoubleAccumulator;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * memory traffic of the sparse product, which is bound by memory). The sparse × dense product is written here
 * rather than taken from EJML ({@code CommonOps_FSCC.multTransA} is single-threaded and measured 7× slower,
 * docs/benchmarks.md): row-parallel over the transposed CSC (= CSR) arrays, fused with the update, four
 * sender rows per pass so that four memory streams are in flight, float sums. The sums run on SIMD
 * instructions through the JDK's Vector API when the JVM is started with {@code --add-modules
 * jdk.incubator.vector} (see {@link Builder#simd} and {@link #kernel()}), otherwise as plain Java; both give the
 * same bits. Each row is computed by the same code whatever the thread, so the result is the same single- and
 * multi-threaded. Optional
 * trained weights: {@code W_τ} per edge type (k × k) and a projection P (d × k) applied to every embedding
 * first, so that the result has dimension k. Thread-safe: one instance serves concurrent solves.
 *
 * @since 0.1.0
 */
public final class EjmlMessagePassing implements MessagePassing {

    /**
     * Graphs from this many nodes run on the SIMD kernel when it is on (and log, once per JVM, how to turn it on
     * when it is not). Smaller graphs take milliseconds either way, and the Vector API's code costs about 0.4 s
     * of compilation the first time it runs (first call at 500 nodes, d = 384: 450 against 100 ms).
     */
    public static final int SIMD_FROM_NODES = 10_000;

    private static final AtomicBoolean HINTED = new AtomicBoolean();
    private static final Logger log = LoggerFactory.getLogger(EjmlMessagePassing.class);

    private final Map<EdgeType, FMatrixRMaj> weights;
    private final @Nullable FMatrixRMaj projection;
    private final int threads;
    private final String source;
    private final Kernel kernel;
    private final RowWorkers workers;
    private final boolean wantsSimd;
    private final int simdFrom;

    /** Identity weights, no projection, one thread per core. The constructor {@link java.util.ServiceLoader} uses. */
    public EjmlMessagePassing() {
        this(new Builder());
    }

    private EjmlMessagePassing(Builder b) {
        this.weights = Collections.unmodifiableMap(new EnumMap<>(b.weights));
        this.projection = b.projection;
        this.threads = b.threads;
        this.source = b.source;
        this.kernel = Kernel.choose(b.simd);
        this.wantsSimd = b.simd;
        this.simdFrom = b.simdFrom;
        this.workers = new RowWorkers(b.threads);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        String k = kernel == Kernel.SIMD ? kernel.label() + " from " + simdFrom + " nodes" : "scalar";
        return "EjmlMessagePassing(" + source + ", " + k + ")";
    }

    /**
     * Which kernel sums the messages, and why not SIMD when it is not: {@code "SIMD 512-bit from 10000 nodes,
     * scalar below"} or e.g. {@code "scalar (the JVM was started without --add-modules jdk.incubator.vector)"}.
     * Both give the same bits. {@link #name()}, which a solve's trace records, names the kernel without the reason.
     */
    public String kernel() {
        String why = Kernel.simdUnavailable();
        return kernel == Kernel.SIMD
                ? kernel.label() + " from " + simdFrom + " nodes, scalar below"
                : "scalar (" + (why == null ? "SIMD turned off" : why) + ")";
    }

    /**
     * @throws InvalidInputException for mixed dimensions, non-finite values (naming the node) or weights of
     *     the wrong shape (naming the shapes)
     */
    @Override
    public PropagationResult propagate(GraphSnapshot graph, PropagationSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return propagate(prepare(graph), settings);
    }

    /**
     * The propagation settings in a weights file's {@code "settings"} (docs/message-passing.md): what it does not
     * give keeps {@link PropagationSettings#defaults()}; no {@code "settings"}, the defaults. Pass them to
     * {@code SolveSettings.builder().propagation(...)}.
     *
     * @throws InvalidInputException when the file cannot be read or holds an invalid value (naming the file)
     */
    public static PropagationSettings readSettings(Path file) {
        Objects.requireNonNull(file, "file");
        WeightsFile w = WeightsFile.read(file);
        return w.settings() == null
                ? PropagationSettings.defaults()
                : w.settings().toSettings(file);
    }

    /**
     * Builds the matrices of a snapshot once, to propagate it several times (other settings, other threads).
     * The engine calls {@link #propagate(GraphSnapshot, PropagationSettings)}, which prepares every snapshot:
     * the graph grows during a solve, and rebuilding costs a fraction of one iteration.
     *
     * @throws InvalidInputException for mixed dimensions or non-finite values, naming the node
     */
    public PreparedGraph prepare(GraphSnapshot graph) {
        Objects.requireNonNull(graph, "graph");
        return new PreparedGraph(PropagationGraph.of(graph));
    }

    /**
     * Propagates a prepared graph; the prepared graph is not changed.
     *
     * @throws InvalidInputException for weights of the wrong shape (naming the shapes)
     */
    public PropagationResult propagate(PreparedGraph prepared, PropagationSettings settings) {
        Objects.requireNonNull(prepared, "prepared");
        Objects.requireNonNull(settings, "settings");
        PropagationGraph g = prepared.graph;
        int n = g.size();
        if (n == 0) {
            return new PropagationResult(Map.of(), List.of(), true);
        }
        // two buffers; each layer's current rows are in buffer current[layer], and a step writes its layer's new
        // rows into the other one and then flips it, so no step copies rows back and senders are never written
        float[][] buffers = {project(g), null};
        int k = buffers[0].length / n;
        buffers[1] = new float[buffers[0].length];
        checkWeights(g.dimension, k);
        int[] current = new int[NodeType.values().length];
        List<Double> changes = new ArrayList<>();
        List<Duration> times = new ArrayList<>();
        boolean converged = false;
        boolean parallel = threads > 1 && n >= 256;
        if (kernel == Kernel.SCALAR && wantsSimd && n >= simdFrom) { // a graph SIMD would have run
            hintOnce();
        }
        Kernel used = kernelFor(n);
        // the over-smoothing guard: each layer's mean pairwise cosine before propagation, and the rows of the
        // iteration before, kept to return when an iteration collapses a layer
        boolean guarded = settings.maxMeanCosine() < 1;
        double[] cosineBefore = guarded ? LayerSmoothing.cosines(g, buffers[0], k) : null;
        float[] kept = guarded ? new float[buffers[0].length] : null;
        for (int it = 0; it < settings.iterations(); it++) {
            long began = System.nanoTime();
            if (guarded) {
                System.arraycopy(buffers[0], 0, kept, 0, kept.length);
            }
            DoubleAccumulator change = new DoubleAccumulator(Math::max, 0);
            for (LayerStep step : LayerStep.values()) {
                runStep(g, step, buffers, current, k, settings, parallel, change, used);
            }
            // every layer flipped twice: all current rows are in buffers[0] again
            if (guarded) {
                String collapsed = LayerSmoothing.collapsed(
                        cosineBefore, LayerSmoothing.cosines(g, buffers[0], k), settings.maxMeanCosine());
                if (collapsed != null) {
                    System.arraycopy(kept, 0, buffers[0], 0, kept.length);
                    log.debug(
                            "message passing stopped before iteration {}: it would over-smooth {}", it + 1, collapsed);
                    break;
                }
            }
            changes.add(Math.sqrt(change.get()));
            times.add(Duration.ofNanos(System.nanoTime() - began));
            if (changes.get(changes.size() - 1) < settings.epsilon()) {
                converged = true;
                break;
            }
        }
        float[] h = buffers[0];
        Map<String, float[]> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            float[] row = new float[k];
            System.arraycopy(h, i * k, row, 0, k);
            out.put(g.ids.get(i), row);
        }
        return new PropagationResult(out, changes, converged, times);
    }

    /**
     * One layer step: computes every row of the layer into the layer's other buffer (a row that receives nothing
     * is copied) and flips the layer to it. The layer's last step of an iteration writes over the rows the
     * iteration started from, so it measures the change as it goes.
     */
    private void runStep(
            PropagationGraph g,
            LayerStep step,
            float[][] buffers,
            int[] current,
            int k,
            PropagationSettings settings,
            boolean parallel,
            DoubleAccumulator change,
            Kernel kernel) {
        int layer = step.layer.ordinal();
        int offset = g.layerOffset[layer];
        int count = g.layerOffset[layer + 1] - offset;
        if (count == 0) {
            return;
        }
        int m = step.incoming.size();
        float[][] senders = new float[m + 1][]; // per edge type, and the layer itself for the padding
        float[] alpha = new float[m + 1]; // α of the padding: 0
        for (int t = 0; t < m; t++) {
            LayerStep.Incoming in = step.incoming.get(t);
            float[] from = buffers[current[in.senderLayer(step.layer).ordinal()]];
            alpha[t] = settings.alpha().get(in.type()).floatValue();
            FMatrixRMaj w = weights.get(in.type());
            senders[t] = w == null || alpha[t] == 0 ? from : times(from, w, k);
        }
        float[] own = buffers[current[layer]];
        senders[m] = own;
        float beta = settings.beta().get(step.layer).floatValue();
        StepKernel work = new StepKernel(
                offset,
                g.fused.get(step),
                senders,
                alpha,
                beta,
                own,
                buffers[1 - current[layer]],
                k,
                kernel,
                step.lastOfLayer() ? change : null);
        workers.forRanges(parallel, count, work::run);
        current[layer] ^= 1;
    }

    /** The kernel a graph of n nodes runs on. */
    Kernel kernelFor(int n) {
        return n >= simdFrom ? kernel : Kernel.SCALAR;
    }

    /** Logs, once per JVM, why a large graph runs on the scalar kernel and how to turn SIMD on. */
    private static void hintOnce() {
        if (HINTED.compareAndSet(false, true)) {
            log.info(
                    "message passing runs its scalar kernel because {}; the SIMD kernel is 1.4-1.7x faster on large"
                            + " graphs (docs/message-passing.md)",
                    Kernel.simdUnavailable());
        }
    }

    private float[] project(PropagationGraph g) {
        if (projection == null) {
            return g.embeddings.clone();
        }
        if (projection.numRows != g.dimension) {
            throw new InvalidInputException("projection P is " + projection.numRows + "x" + projection.numCols
                    + " but the embeddings have dimension " + g.dimension + "; P must be " + g.dimension + "xk");
        }
        return times(g.embeddings, projection, g.dimension);
    }

    private void checkWeights(int dimension, int k) {
        for (Map.Entry<EdgeType, FMatrixRMaj> w : weights.entrySet()) {
            FMatrixRMaj m = w.getValue();
            if (m.numRows != k || m.numCols != k) {
                throw new InvalidInputException("W[" + w.getKey() + "] is " + m.numRows + "x" + m.numCols
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

    /** Weights and threads. Every setter checks its value and names the field. */
    public static final class Builder {

        private final Map<EdgeType, FMatrixRMaj> weights = new EnumMap<>(EdgeType.class);
        private @Nullable FMatrixRMaj projection;
        private int threads = Runtime.getRuntime().availableProcessors();
        private String source = "W = I";
        private boolean simd = true;
        private int simdFrom = SIMD_FROM_NODES;

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
                throw new InvalidInputException("threads must be at least 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Whether to sum the messages of graphs from 10,000 nodes with SIMD instructions through the JDK's Vector
         * API when this JVM can (default true): it needs {@code --add-modules jdk.incubator.vector} on the {@code
         * java} command line and the optimising JIT (C2); without them the scalar kernel runs. Both give the same
         * bits. {@link EjmlMessagePassing#kernel()} says which one runs.
         */
        public Builder simd(boolean simd) {
            this.simd = simd;
            return this;
        }

        /** For tests: the SIMD kernel (when on) from graphs of this many nodes instead of {@link #SIMD_FROM_NODES}. */
        Builder simdFrom(int nodes) {
            this.simdFrom = nodes;
            return this;
        }

        public EjmlMessagePassing build() {
            return new EjmlMessagePassing(this);
        }

        private static FMatrixRMaj matrix(String field, float[][] rows) {
            Objects.requireNonNull(rows, field);
            if (rows.length == 0 || rows[0] == null || rows[0].length == 0) {
                throw new InvalidInputException(field + " must have at least one row and one column");
            }
            int cols = rows[0].length;
            FMatrixRMaj m = new FMatrixRMaj(rows.length, cols);
            for (int r = 0; r < rows.length; r++) {
                if (rows[r] == null || rows[r].length != cols) {
                    throw new InvalidInputException(field + " row " + r + " has "
                            + (rows[r] == null ? 0 : rows[r].length) + " values, row 0 has " + cols);
                }
                for (int c = 0; c < cols; c++) {
                    if (!Float.isFinite(rows[r][c])) {
                        throw new InvalidInputException(field + "[" + r + "][" + c + "] is " + rows[r][c]);
                    }
                    m.set(r, c, rows[r][c]);
                }
            }
            return m;
        }
    }
}
