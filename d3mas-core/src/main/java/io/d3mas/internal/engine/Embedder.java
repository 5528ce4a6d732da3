package io.d3mas.internal.engine;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.ModelException;
import io.d3mas.metrics.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/** The engine's view of a langchain4j {@link EmbeddingModel}: checked count, dimension and finiteness. */
public final class Embedder {

    private final EmbeddingModel model;
    private final int dimension;

    /**
     * @throws ModelException if the model cannot produce a probe embedding
     */
    public Embedder(EmbeddingModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.dimension = probe(model);
    }

    /** The model it embeds with. */
    public EmbeddingModel model() {
        return model;
    }

    /** The dimension of the vectors the model makes. */
    public int dimension() {
        return dimension;
    }

    /** The model's class name, for the result's components. */
    public String name() {
        return io.d3mas.internal.text.Text.displayName(model.getClass());
    }

    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /**
     * Embeds texts a task waits for in two calls at once, one of them on {@code helper}, when there are four or more
     * and more than one core: a model that runs a small call as one batch on one core (as a throughput-tuned one
     * does) then uses two. The caller never waits for a helper still queued behind other work: it embeds the second
     * half itself. Same checks and errors as {@link #embedAll(List)}.
     */
    public List<float[]> embedAllNow(List<String> texts, Executor helper) {
        if (texts.size() < 4 || Runtime.getRuntime().availableProcessors() < 2) {
            return embedAll(texts);
        }
        List<String> first = texts.subList(0, texts.size() / 2);
        List<String> second = texts.subList(texts.size() / 2, texts.size());
        AtomicBoolean taken = new AtomicBoolean();
        CompletableFuture<List<float[]>> helped = new CompletableFuture<>();
        try {
            helper.execute(() -> {
                if (taken.compareAndSet(false, true)) {
                    try {
                        helped.complete(embedAll(second));
                    } catch (RuntimeException e) {
                        helped.completeExceptionally(e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            return embedAll(texts);
        }
        List<float[]> out = new ArrayList<>(embedAll(first));
        if (taken.compareAndSet(false, true)) {
            out.addAll(embedAll(second)); // the helper has not started: do not wait for it
            return out;
        }
        try {
            out.addAll(helped.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        return out;
    }

    /**
     * Embeds texts in one call.
     *
     * @throws ModelException if the model fails or returns the wrong number of vectors, the wrong dimension
     *     or non-finite values
     */
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String t : texts) {
            // an empty segment is rejected by langchain4j; a single space embeds as "nothing"
            segments.add(TextSegment.from(t.isEmpty() ? " " : t));
        }
        List<Embedding> out;
        try {
            out = model.embedAll(segments).content();
        } catch (RuntimeException e) {
            throw new ModelException("embedding model " + name() + " failed on " + texts.size() + " text(s): " + e, e);
        }
        if (out == null || out.size() != texts.size()) {
            throw new ModelException("embedding model " + name() + " returned " + (out == null ? 0 : out.size())
                    + " vectors for " + texts.size() + " texts");
        }
        List<float[]> vectors = new ArrayList<>(out.size());
        for (Embedding e : out) {
            float[] v = e.vector();
            if (v.length != dimension) {
                throw new ModelException("embedding model " + name() + " returned a vector of dimension " + v.length
                        + " after " + dimension);
            }
            int bad = Vectors.firstNonFinite(v);
            if (bad >= 0) {
                throw new ModelException("embedding model " + name() + " returned a non-finite value at index " + bad);
            }
            vectors.add(v);
        }
        return vectors;
    }

    private static int probe(EmbeddingModel model) {
        try {
            int d = model.embed("dimension probe").content().vector().length;
            if (d < 1) {
                throw new ModelException("embedding model " + io.d3mas.internal.text.Text.displayName(model.getClass())
                        + " returned an empty vector");
            }
            return d;
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelException(
                    "embedding model " + io.d3mas.internal.text.Text.displayName(model.getClass()) + " failed: " + e,
                    e);
        }
    }
}
