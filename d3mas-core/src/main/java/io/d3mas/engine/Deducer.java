package io.d3mas.engine;

import io.d3mas.Layer;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.metrics.Step;
import io.d3mas.metrics.Vectors;
import io.d3mas.text.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The Deduce bookkeeping after each pass over the task DAG: embeds the conclusions and premises of the
 * steps recorded during the pass in one batch (off the critical path of the tasks), and links steps with
 * DEPEND edges (paper eq. 7). One instance per solve.
 */
final class Deducer {

    private final SolveContext ctx;
    private final Embedder embedder;
    /** Reasoning node id to its conclusion's embedding as concluded (before message passing). */
    final Map<String, float[]> conclusionEmbeddings = new ConcurrentHashMap<>();
    /** Steps recorded since the last {@link #deduce()}. */
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();

    Deducer(SolveContext ctx, Embedder embedder) {
        this.ctx = ctx;
        this.embedder = embedder;
    }

    /** Queues an answered step for embedding and DEPEND edges. Thread-safe. */
    void enqueue(WorkItem item, String reasoningNodeId, String conclusion, List<String> premises) {
        pending.add(new Pending(item, reasoningNodeId, conclusion, premises));
    }

    /** A reasoning step whose conclusion and premises still need embedding. */
    private record Pending(WorkItem item, String reasoningNodeId, String conclusion, List<String> premises) {}

    /**
     * Embeds the conclusions and premises of the steps recorded since the last call, in one batch, and adds
     * DEPEND edges (eq. 7): a premise that matches another step's conclusion, exactly or by embedding. Called
     * by the engine after each pass over the task DAG, from one thread.
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
        List<String> texts = new ArrayList<>();
        for (Pending b : batch) {
            texts.add(b.conclusion());
            texts.addAll(b.premises());
        }
        List<float[]> vectors = ctx.timed(Step.REASON, () -> embedder.embedAll(texts));
        int next = 0;
        List<List<float[]>> premiseVectors = new ArrayList<>();
        for (Pending b : batch) {
            float[] h = vectors.get(next++);
            conclusionEmbeddings.put(b.reasoningNodeId(), h);
            ctx.graph.node(b.reasoningNodeId()).ifPresent(n -> ctx.graph.replaceNode(n.withEmbedding(h)));
            Outcome o = b.item().outcome;
            if (o != null && b.reasoningNodeId().equals(o.reasoningNodeId())) {
                b.item().outcome = o.withConclusionEmbedding(h);
            }
            premiseVectors.add(vectors.subList(next, next + b.premises().size()));
            next += b.premises().size();
        }
        refreshReusedOutcomes();
        if (!ctx.settings.has(Layer.REASONING)) {
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            addDependEdges(batch.get(i).reasoningNodeId(), batch.get(i).premises(), premiseVectors.get(i));
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

    private void addDependEdges(String rid, List<String> premises, List<float[]> vectors) {
        for (Node other : ctx.graph.snapshot().nodes(NodeType.REASONING)) {
            float[] c = conclusionEmbeddings.get(other.id());
            if (other.id().equals(rid) || c == null) {
                continue;
            }
            String conclusion = Text.normalize(other.content());
            String answer = Text.normalize(String.valueOf(other.attributes().getOrDefault("answer", "")));
            for (int i = 0; i < premises.size(); i++) {
                String p = Text.normalize(premises.get(i));
                if (p.equals(conclusion)
                        || (!answer.isEmpty() && p.equals(answer))
                        || Vectors.cosine(vectors.get(i), c) >= ctx.settings.dependThreshold()) {
                    ctx.graph.addEdge(EdgeType.DEPEND, rid, other.id());
                    break;
                }
            }
        }
    }
}
