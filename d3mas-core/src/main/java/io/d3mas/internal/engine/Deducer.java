package io.d3mas.internal.engine;

import io.d3mas.Layer;
import io.d3mas.agent.Premise;
import io.d3mas.graph.EdgeType;
import io.d3mas.internal.text.Text;
import io.d3mas.metrics.Step;
import io.d3mas.metrics.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The Deduce bookkeeping: embeds each step's conclusion and premises in the background as soon as the step
 * is recorded (so the scheduler does not wait for it and the last pass leaves little to do), and after each
 * pass over the task DAG links steps with DEPEND edges (paper eq. 7). One instance per solve.
 */
final class Deducer {

    private final SolveContext ctx;
    private final Embedder embedder;
    /** Reasoning node id to its conclusion's embedding as concluded (before message passing). */
    final Map<String, float[]> conclusionEmbeddings = new ConcurrentHashMap<>();
    /** Steps recorded since the last {@link #deduce()}. */
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    /** Steps whose texts the background drain job has not taken yet. */
    private final Queue<Pending> toEmbed = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean draining = new AtomicBoolean();

    /** Guards {@link #ahead}: embeddings on the critical path in flight, which the background waits for. */
    private final Object lane = new Object();

    private int ahead;

    private final Executor executor;

    Deducer(SolveContext ctx, Embedder embedder, Executor executor) {
        this.ctx = ctx;
        this.embedder = embedder;
        this.executor = executor;
    }

    /**
     * Queues an answered step for DEPEND edges and has its texts embedded in the background. Steps that finish
     * together are embedded in one batch: one drain job runs at a time and takes everything queued. Thread-safe.
     */
    void enqueue(
            WorkItem item,
            String reasoningNodeId,
            String conclusion,
            List<String> premises,
            List<Premise> offered,
            Set<String> filledIn) {
        List<String> texts = new ArrayList<>(1 + premises.size());
        texts.add(conclusion);
        texts.addAll(premises);
        Pending p = new Pending(
                item,
                reasoningNodeId,
                premises,
                List.copyOf(offered),
                Set.copyOf(filledIn),
                texts,
                new CompletableFuture<>());
        pending.add(p);
        toEmbed.add(p);
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(ctx.telemetry.wrap(this::drain));
            } catch (RejectedExecutionException e) {
                draining.set(false); // deduce() embeds what is left
            }
        }
    }

    /**
     * Runs an embedding that a task waits for (its text with its prerequisites' answers filled in): while it runs,
     * the background starts no new batch of conclusions, so that the two do not share the cores. A batch already
     * running finishes. Thread-safe.
     */
    <T> T ahead(Supplier<T> embedding) {
        synchronized (lane) {
            ahead++;
        }
        try {
            return embedding.get();
        } finally {
            synchronized (lane) {
                if (--ahead == 0) {
                    lane.notifyAll();
                }
            }
        }
    }

    private void awaitAhead() {
        synchronized (lane) {
            while (ahead > 0) {
                try {
                    lane.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // the solve is stopping; embed now rather than hold deduce() up
                }
            }
        }
    }

    private void drain() {
        while (true) {
            awaitAhead();
            List<Pending> batch = new ArrayList<>();
            Pending p;
            while ((p = toEmbed.poll()) != null) {
                batch.add(p);
            }
            if (batch.isEmpty()) {
                draining.set(false);
                // an enqueue may have found draining still set just before we cleared it
                if (toEmbed.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            embed(batch);
        }
    }

    /** Embeds the steps' texts in one call and completes their futures, exceptionally if the model fails. */
    private void embed(List<Pending> batch) {
        List<String> texts = new ArrayList<>();
        batch.forEach(b -> texts.addAll(b.texts()));
        try {
            List<float[]> vectors = ctx.timed(Step.REASON, () -> embedder.embedAll(texts));
            int next = 0;
            for (Pending b : batch) {
                b.early().complete(vectors.subList(next, next + b.texts().size()));
                next += b.texts().size();
            }
        } catch (RuntimeException e) {
            batch.forEach(b -> b.early().completeExceptionally(e));
        }
    }

    /**
     * A reasoning step whose DEPEND edges are still to be added; its texts are being embedded.
     *
     * @param offered the other steps' conclusions the agent was given (the only ones it can have used)
     * @param filledIn the steps among them whose answers were filled into its task
     */
    private record Pending(
            WorkItem item,
            String reasoningNodeId,
            List<String> premises,
            List<Premise> offered,
            Set<String> filledIn,
            List<String> texts,
            CompletableFuture<List<float[]>> early) {

        /** The background result (a drain job has taken it), or a synchronous embedding if that failed. */
        List<float[]> vectors(SolveContext ctx, Embedder embedder) {
            try {
                return early.join();
            } catch (CompletionException | CancellationException e) {
                return ctx.timed(Step.REASON, () -> embedder.embedAll(texts));
            }
        }
    }

    /**
     * Collects the embeddings of the steps recorded since the last call and adds DEPEND edges (eq. 7). A step
     * depends on another only if that step's conclusion was given to it (a prerequisite's or a handed-over one, so
     * it finished first) and it used it: the answer was filled into its task, or one of its premises matches the
     * conclusion, exactly or by embedding. DEPEND edges therefore point to earlier steps and never form a cycle; two
     * steps that reach the same conclusion independently are reasoning redundancy, not dependency. Called by the
     * engine after each pass over the task DAG, from one thread.
     */
    void deduce() {
        List<Pending> batch = new ArrayList<>();
        Pending p;
        while ((p = pending.poll()) != null) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return;
        }
        // whatever no drain job has taken (none running, or the executor refused one) is embedded here
        List<Pending> left = new ArrayList<>();
        while ((p = toEmbed.poll()) != null) {
            left.add(p);
        }
        if (!left.isEmpty()) {
            embed(left);
        }
        List<List<float[]>> premiseVectors = new ArrayList<>();
        for (Pending b : batch) {
            List<float[]> vectors = b.vectors(ctx, embedder);
            float[] h = vectors.get(0);
            conclusionEmbeddings.put(b.reasoningNodeId(), h);
            ctx.graph.node(b.reasoningNodeId()).ifPresent(n -> ctx.graph.replaceNode(n.withEmbedding(h)));
            Outcome o = b.item().outcome;
            if (o != null && b.reasoningNodeId().equals(o.reasoningNodeId())) {
                b.item().outcome = o.withConclusionEmbedding(h);
            }
            premiseVectors.add(vectors.subList(1, vectors.size()));
        }
        refreshReusedOutcomes();
        if (!ctx.settings.has(Layer.REASONING)) {
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            addDependEdges(batch.get(i), premiseVectors.get(i));
        }
    }

    /** Reused outcomes point at another item's step: give them its embedding too. */
    private void refreshReusedOutcomes() {
        for (WorkItem w : ctx.items.values()) {
            Outcome o = w.outcome;
            if (o != null && o.reused() && o.conclusionEmbedding() == null && o.reasoningNodeId() != null) {
                float[] h = conclusionEmbeddings.get(o.reasoningNodeId());
                if (h != null) {
                    w.outcome = o.withConclusionEmbedding(h);
                }
            }
        }
    }

    private void addDependEdges(Pending step, List<float[]> vectors) {
        for (Premise offered : step.offered()) {
            String other = offered.reasoningNodeId();
            float[] c = conclusionEmbeddings.get(other);
            if (other.equals(step.reasoningNodeId())
                    || step.item().reasoningNodes.contains(other)) {
                continue;
            }
            if (step.filledIn().contains(other) || usesConclusion(step.premises(), vectors, offered, c)) {
                ctx.graph.addEdge(EdgeType.DEPEND, step.reasoningNodeId(), other);
            }
        }
    }

    private boolean usesConclusion(
            List<String> premises, List<float[]> vectors, Premise offered, float @Nullable [] c) {
        String conclusion = Text.normalize(offered.conclusion());
        String answer = Text.normalize(offered.answer());
        for (int i = 0; i < premises.size(); i++) {
            String p = Text.normalize(premises.get(i));
            if (p.equals(conclusion)
                    || (!answer.isEmpty() && p.equals(answer))
                    || (c != null && Vectors.cosine(vectors.get(i), c) >= ctx.settings.dependThreshold())) {
                return true;
            }
        }
        return false;
    }
}
