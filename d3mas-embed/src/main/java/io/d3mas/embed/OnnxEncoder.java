package io.d3mas.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import io.d3mas.ModelException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Tokenises, batches by length with dynamic padding, runs the ONNX graph and pools. Thread-safe: the ONNX
 * Runtime session runs concurrent calls, and every call works in its own NDManager. Owns nothing; the model
 * closes the session and the tokenizer.
 */
final class OnnxEncoder {

    static final Set<String> KNOWN_INPUTS = Set.of("input_ids", "attention_mask", "token_type_ids", "position_ids");
    /** Outputs that are already one vector per text. */
    static final List<String> POOLED_OUTPUTS = List.of("dense_vecs", "sentence_embedding", "embeddings");
    /** Outputs with one vector per token, pooled here. */
    static final List<String> TOKEN_OUTPUTS = List.of("last_hidden_state", "token_embeddings");

    static final String SPARSE_OUTPUT = "sparse_vecs";

    private final ZooModel<NDList, NDList> model;
    /** A session with more intra-op threads for calls that make one batch (low latency), or null. */
    private volatile @Nullable ZooModel<NDList, NDList> single;

    private final HuggingFaceTokenizer tokenizer;
    private final List<String> inputs;
    private final String denseOutput;
    private final boolean pooledOutput;
    private final @Nullable String sparseOutput;
    private final Pooling pooling;
    private final boolean normalize;
    private final int dimension;
    private final Counters counters;

    /** How texts are split into model runs and how many runs go at once. */
    record Plan(int batchSize, int maxBatchTokens, int workers) {}

    /** Counters kept across the sessions a model has had (calibration may replace the session). */
    static final class Counters {
        final LongAdder encoded = new LongAdder();
        final LongAdder truncated = new LongAdder();
        final LongAdder tokens = new LongAdder();
        final LongAdder batches = new LongAdder();
    }

    /**
     * Inspects the model's inputs and, with one probe run, its outputs.
     *
     * @throws ModelLoadException if an input is not one an encoder can feed or no output is a usable embedding
     */
    OnnxEncoder(
            String name,
            ZooModel<NDList, NDList> model,
            HuggingFaceTokenizer tokenizer,
            @Nullable String outputName,
            Pooling pooling,
            boolean normalize,
            Counters counters) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.pooling = pooling;
        this.normalize = normalize;
        this.counters = counters;
        this.inputs = List.copyOf(model.getBlock().describeInput().keys());
        List<String> unknown =
                inputs.stream().filter(i -> !KNOWN_INPUTS.contains(i)).toList();
        if (!inputs.contains("input_ids") || !unknown.isEmpty()) {
            throw new ModelLoadException("model " + name + " has inputs " + inputs + "; an encoder feeds input_ids"
                    + " and optionally " + new TreeSet<>(KNOWN_INPUTS) + (unknown.isEmpty() ? "" : ", not " + unknown));
        }
        Map<String, Shape> outputs = probeOutputs();
        String dense = outputName != null ? outputName : chooseDense(outputs);
        Shape shape = outputs.get(dense);
        if (dense == null || shape == null || (shape.dimension() != 2 && shape.dimension() != 3)) {
            throw new ModelLoadException("model " + name + " has outputs " + describe(outputs) + "; none is a sentence"
                    + " embedding " + POOLED_OUTPUTS + " [batch, dim] or token embeddings " + TOKEN_OUTPUTS
                    + " [batch, tokens, dim]" + (outputName == null ? "" : " (asked for '" + outputName + "')")
                    + "; choose one with BgeEmbeddingModel.Builder.outputName(..)");
        }
        this.denseOutput = dense;
        this.pooledOutput = shape.dimension() == 2;
        this.dimension = (int) shape.get(shape.dimension() - 1);
        this.sparseOutput = outputs.containsKey(SPARSE_OUTPUT) ? SPARSE_OUTPUT : null;
    }

    int dimension() {
        return dimension;
    }

    String denseOutput() {
        return denseOutput;
    }

    boolean hasSparse() {
        return sparseOutput != null;
    }

    List<String> inputs() {
        return inputs;
    }

    /** Token counts, special tokens included, after cutting at the model's limit. */
    int[] lengths(List<String> texts) {
        Encoding[] enc = tokenizer.batchEncode(texts);
        int[] out = new int[enc.length];
        for (int i = 0; i < enc.length; i++) {
            out[i] = enc[i].getIds().length;
        }
        return out;
    }

    /** Runs calls that make a single batch on {@code session} (owned by the caller) instead. */
    void singleBatchSession(@Nullable ZooModel<NDList, NDList> session) {
        this.single = session;
    }

    /**
     * Encodes texts; the result is in the order of {@code texts}. With more than one worker, the batches are
     * shared between the calling thread and up to {@code workers - 1} tasks on {@code pool}; the caller waits only
     * for batches that were taken, never for a task still queued behind other calls.
     */
    EncodedText[] encode(List<String> texts, boolean withSparse, Plan plan, @Nullable Executor pool) {
        Encoding[] enc = tokenizer.batchEncode(texts);
        List<Integer[]> batches = batches(enc, plan);
        EncodedText[] out = new EncodedText[enc.length];
        boolean sparse = withSparse && sparseOutput != null;
        ZooModel<NDList, NDList> alone = single;
        if (batches.size() == 1 && alone != null) {
            run(alone, enc, batches.get(0), sparse, out);
        } else if (plan.workers() <= 1 || batches.size() < 2 || pool == null) {
            for (Integer[] batch : batches) {
                run(model, enc, batch, sparse, out);
            }
        } else {
            shared(batches, Math.min(plan.workers(), batches.size()), pool, b -> run(model, enc, b, sparse, out));
        }
        counters.encoded.add(enc.length);
        return out;
    }

    /** Length-sorted batches of at most {@code batchSize} texts and {@code maxBatchTokens} padded tokens. */
    static List<Integer[]> batches(Encoding[] enc, Plan plan) {
        Integer[] order = new Integer[enc.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // sorted by length, so that each batch pads to nearly its own length
        Arrays.sort(order, (a, b) -> Integer.compare(enc[a].getIds().length, enc[b].getIds().length));
        List<Integer[]> out = new ArrayList<>();
        int start = 0;
        while (start < order.length) {
            int end = start + 1;
            while (end < order.length
                    && end - start < plan.batchSize()
                    && (long) (end - start + 1) * enc[order[end]].getIds().length <= plan.maxBatchTokens()) {
                end++;
            }
            out.add(Arrays.copyOfRange(order, start, end));
            start = end;
        }
        return out;
    }

    /** Runs every batch once, on the calling thread and {@code helpers - 1} pool tasks; rethrows the first failure. */
    private static void shared(List<Integer[]> batches, int helpers, Executor pool, Consumer<Integer[]> work) {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(batches.size());
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable drain = () -> {
            int i;
            while ((i = next.getAndIncrement()) < batches.size()) {
                try {
                    if (failure.get() == null) {
                        work.accept(batches.get(i));
                    }
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(
                            null, e instanceof RuntimeException r ? r : new ModelException(e.toString(), e));
                } finally {
                    done.countDown();
                }
            }
        };
        for (int h = 1; h < helpers; h++) {
            try {
                pool.execute(drain);
            } catch (RejectedExecutionException e) {
                break; // the model is closing; the caller does the rest
            }
        }
        drain.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted while the embedding batches ran", e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private void run(
            ZooModel<NDList, NDList> model, Encoding[] enc, Integer[] batch, boolean withSparse, EncodedText[] out) {
        int b = batch.length;
        int seq = enc[batch[b - 1]].getIds().length;
        long[] ids = new long[b * seq];
        long[] mask = new long[b * seq];
        long[] types = new long[b * seq];
        long[] positions = new long[b * seq];
        for (int r = 0; r < b; r++) {
            Encoding e = enc[batch[r]];
            long[] id = e.getIds();
            long[] m = e.getAttentionMask();
            long[] t = e.getTypeIds();
            System.arraycopy(id, 0, ids, r * seq, id.length);
            System.arraycopy(m, 0, mask, r * seq, m.length);
            System.arraycopy(t, 0, types, r * seq, t.length);
            for (int c = 0; c < seq; c++) {
                positions[r * seq + c] = c;
            }
            counters.tokens.add(id.length);
            if (e.exceedMaxLength()) {
                counters.truncated.increment();
            }
        }
        counters.batches.increment();
        try (NDManager sub = model.getNDManager().newSubManager()) {
            NDList in = feed(sub, new Shape(b, seq), ids, mask, types, positions);
            NDList result = model.getBlock().forward(new ParameterStore(sub, false), in, false);
            float[] dense = floats(result, denseOutput);
            float[] sparse = withSparse ? floats(result, sparseOutput) : null;
            int sparseWidth = sparse == null ? 0 : sparse.length / b;
            for (int r = 0; r < b; r++) {
                Encoding e = enc[batch[r]];
                float[] v = pooledOutput
                        ? Arrays.copyOfRange(dense, r * dimension, (r + 1) * dimension)
                        : pool(dense, r, seq, e.getIds().length);
                if (normalize) {
                    normalizeInPlace(v);
                }
                Map<Long, Float> lexical =
                        sparse == null ? Map.of() : lexical(e, sparse, r * sparseWidth, sparseWidth / seq);
                out[batch[r]] = new EncodedText(v, lexical, e.getIds().length, e.exceedMaxLength());
            }
        }
    }

    private float[] pool(float[] hidden, int row, int seq, int length) {
        float[] v = new float[dimension];
        int base = row * seq * dimension;
        if (pooling == Pooling.CLS) {
            System.arraycopy(hidden, base, v, 0, dimension);
            return v;
        }
        for (int t = 0; t < length; t++) {
            int off = base + t * dimension;
            for (int d = 0; d < dimension; d++) {
                v[d] += hidden[off + d];
            }
        }
        for (int d = 0; d < dimension; d++) {
            v[d] /= length;
        }
        return v;
    }

    /** BGE-M3 lexical weights: one weight per token position (ReLU'd by the export); keep the max per token id. */
    private static Map<Long, Float> lexical(Encoding e, float[] sparse, int offset, int perToken) {
        long[] ids = e.getIds();
        long[] special = e.getSpecialTokenMask();
        Map<Long, Float> out = new HashMap<>();
        for (int t = 0; t < ids.length; t++) {
            float w = sparse[offset + t * Math.max(1, perToken)];
            if (special[t] == 0 && w > 0) {
                out.merge(ids[t], w, Math::max);
            }
        }
        return out;
    }

    private static float[] floats(NDList result, @Nullable String name) {
        NDArray a = result.get(name);
        if (a.getDataType() != DataType.FLOAT32) {
            throw new ModelException(
                    "model output '" + name + "' has type " + a.getDataType() + "; only FLOAT32 outputs are supported");
        }
        return a.toFloatArray();
    }

    static void normalizeInPlace(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum == 0) {
            return;
        }
        float inv = (float) (1.0 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
    }

    /** Runs a two-token probe and returns every output's name and shape. */
    private Map<String, Shape> probeOutputs() {
        Encoding e = tokenizer.encode("probe");
        int seq = e.getIds().length;
        try (NDManager sub = model.getNDManager().newSubManager()) {
            long[] positions = new long[seq];
            for (int c = 0; c < seq; c++) {
                positions[c] = c;
            }
            NDList in = feed(sub, new Shape(1, seq), e.getIds(), e.getAttentionMask(), e.getTypeIds(), positions);
            NDList result = model.getBlock().forward(new ParameterStore(sub, false), in, false);
            Map<String, Shape> out = new LinkedHashMap<>();
            for (NDArray a : result) {
                out.put(a.getName(), a.getShape());
            }
            return out;
        } catch (RuntimeException ex) {
            throw new ModelLoadException("the model failed on a probe input with inputs " + inputs + ": " + ex, ex);
        }
    }

    /** The model's inputs, named, in the order the model lists them. */
    private NDList feed(NDManager sub, Shape shape, long[] ids, long[] mask, long[] types, long[] positions) {
        NDList in = new NDList(inputs.size());
        for (String input : inputs) {
            long[] data =
                    switch (input) {
                        case "input_ids" -> ids;
                        case "attention_mask" -> mask;
                        case "token_type_ids" -> types;
                        default -> positions;
                    };
            NDArray a = sub.create(LongBuffer.wrap(data), shape, DataType.INT64);
            a.setName(input);
            in.add(a);
        }
        return in;
    }

    private static @Nullable String chooseDense(Map<String, Shape> outputs) {
        for (String n : POOLED_OUTPUTS) {
            if (outputs.containsKey(n) && outputs.get(n).dimension() == 2) {
                return n;
            }
        }
        for (String n : TOKEN_OUTPUTS) {
            if (outputs.containsKey(n) && outputs.get(n).dimension() == 3) {
                return n;
            }
        }
        return null;
    }

    private static String describe(Map<String, Shape> outputs) {
        List<String> parts = new ArrayList<>();
        outputs.forEach((n, s) -> parts.add(n + " " + s));
        return parts.toString();
    }
}
