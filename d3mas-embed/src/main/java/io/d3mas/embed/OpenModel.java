package io.d3mas.embed;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.d3mas.InvalidInputException;
import io.d3mas.ModelException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded model while it is open: runs texts through the cache and the encoder, and closes the native
 * resources once, after the calls in flight (calls hold the read lock; {@link #close()} and {@link #calibrate},
 * which may replace the session, the write lock).
 */
final class OpenModel {

    private static final Logger LOG = LoggerFactory.getLogger(OpenModel.class);

    private volatile ModelLoader.Loaded loaded;
    private volatile OnnxEncoder.Plan plan;
    private final EmbeddingCache cache;
    private final LongAdder cacheHits = new LongAdder();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final AtomicInteger workerIds = new AtomicInteger();
    /** Threads that help the caller run batches; created when a tuning first asks for more than one worker. */
    private @Nullable ExecutorService pool;

    private boolean closed;

    /** Opens the model; when it has no tuning yet, measures one (closing everything again if that fails). */
    OpenModel(ModelLoader.Loaded loaded, int cacheSize) {
        this.loaded = loaded;
        this.cache = new EmbeddingCache(cacheSize);
        apply(loaded.tuning());
        if (loaded.calibrate()) {
            try {
                calibrate(Calibrator.defaultSample());
            } catch (RuntimeException | Error e) {
                close();
                throw e;
            }
        }
    }

    ModelLoader.Loaded loaded() {
        return loaded;
    }

    OnnxEncoder encoder() {
        return loaded.encoder();
    }

    EmbeddingTuning tuning() {
        return loaded.tuning();
    }

    /**
     * Measures the fastest settings on {@code sample}, switches to them (opening a session with other intra-op
     * threads if needed, after the calls in flight) and caches them for this model file on this machine.
     */
    EmbeddingTuning calibrate(List<String> sample) {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("embedding model " + loaded.name() + " is closed");
            }
            ModelLoader.Loaded now = loaded;
            Map<Integer, ZooModel<NDList, NDList>> current = new HashMap<>();
            if (now.single() != null) {
                current.put(now.tuning().singleBatchIntraOpThreads(), now.single());
            }
            current.put(now.tuning().intraOpThreads(), now.model());
            Calibrator.Result r = Calibrator.run(
                    now.sessions(),
                    current,
                    now.modelBytes(),
                    sample,
                    Runtime.getRuntime().availableProcessors(),
                    TuningCache.machine());
            for (ZooModel<NDList, NDList> old : current.values()) {
                if (old != r.session() && old != r.single()) {
                    ModelLoader.closeQuietly(old, null, null);
                }
            }
            loaded = now.withSessions(r.session(), r.single(), r.tuning());
            apply(r.tuning());
            if (now.tuningKey() != null) {
                now.tuningCache().write(now.tuningKey(), r.tuning());
            }
            return r.tuning();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void apply(EmbeddingTuning t) {
        plan = new OnnxEncoder.Plan(t.batchSize(), t.maxBatchTokens(), t.workers());
        if (t.workers() > 1 && pool == null) {
            // helpers for the largest tuning a calibration can choose, or for what the builder asked
            int helpers = Math.max(Runtime.getRuntime().availableProcessors(), t.workers()) - 1;
            pool = Executors.newFixedThreadPool(helpers, r -> {
                Thread th = new Thread(r, "d3mas-embed-worker-" + workerIds.incrementAndGet());
                th.setDaemon(true);
                return th;
            });
        }
    }

    /** Vectors in the order of the texts, and the tokens this call ran through the model (cache hits: none). */
    record Embedded(List<float[]> vectors, int tokens) {}

    /** Dense vectors: cache hits first, the rest once each (repeats share one run), in one encode call. */
    Embedded embed(List<String> texts) {
        return whileOpen(() -> {
            float[][] out = new float[texts.size()][];
            Map<String, List<Integer>> missing = new LinkedHashMap<>();
            for (int i = 0; i < texts.size(); i++) {
                float[] hit = cache.get(texts.get(i));
                if (hit != null) {
                    out[i] = hit;
                    cacheHits.increment();
                } else {
                    missing.computeIfAbsent(texts.get(i), k -> new ArrayList<>())
                            .add(i);
                }
            }
            int tokens = 0;
            if (!missing.isEmpty()) {
                List<String> todo = new ArrayList<>(missing.keySet());
                EncodedText[] encoded = loaded.encoder().encode(todo, false, plan, pool);
                for (int j = 0; j < todo.size(); j++) {
                    tokens += encoded[j].tokens();
                    float[] v = encoded[j].dense();
                    cache.put(todo.get(j), v);
                    for (int i : missing.get(todo.get(j))) {
                        out[i] = v.clone();
                    }
                }
            }
            return new Embedded(Arrays.asList(out), tokens);
        });
    }

    /** Dense vectors and lexical weights, not cached. */
    List<EncodedText> encode(List<String> texts) {
        return whileOpen(() -> Arrays.asList(loaded.encoder().encode(texts, true, plan, pool)));
    }

    EmbeddingStats stats() {
        OnnxEncoder.Counters c = loaded.counters();
        return new EmbeddingStats(
                c.encoded.sum(), c.truncated.sum(), c.tokens.sum(), c.batches.sum(), cacheHits.sum(), cache.size());
    }

    /** Releases the ONNX Runtime session and the tokenizer; waits for running calls; idempotent. */
    void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            cache.clear();
            if (pool != null) {
                pool.shutdown();
            }
            ModelLoader.closeQuietly(loaded.single(), null, null);
            ModelLoader.closeQuietly(loaded.model(), loaded.tokenizer(), loaded.tempDir());
            LOG.debug("closed embedding model {}", loaded.name());
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private <T> T whileOpen(Supplier<T> work) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("embedding model " + loaded.name() + " is closed");
            }
            return work.get();
        } catch (ModelException | IllegalStateException | InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelException("embedding model " + loaded.name() + " failed: " + e, e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }
}
