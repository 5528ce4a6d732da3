package io.d3mas.embed;

import io.d3mas.InvalidInputException;
import io.d3mas.ModelException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded model while it is open: runs texts through the cache and the encoder, and closes the native
 * resources once, after the calls in flight (calls hold the read lock, {@link #close()} the write lock).
 */
final class OpenModel {

    private static final Logger LOG = LoggerFactory.getLogger(OpenModel.class);

    final ModelLoader.Loaded loaded;
    final OnnxEncoder encoder;
    private final EmbeddingCache cache;
    private final LongAdder cacheHits = new LongAdder();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    OpenModel(ModelLoader.Loaded loaded, int cacheSize) {
        this.loaded = loaded;
        this.encoder = loaded.encoder();
        this.cache = new EmbeddingCache(cacheSize);
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
                EncodedText[] encoded = encoder.encode(todo, false);
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
        return whileOpen(() -> Arrays.asList(encoder.encode(texts, true)));
    }

    EmbeddingStats stats() {
        return new EmbeddingStats(
                encoder.encoded.sum(),
                encoder.truncated.sum(),
                encoder.tokens.sum(),
                encoder.batches.sum(),
                cacheHits.sum(),
                cache.size());
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
