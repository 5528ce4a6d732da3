package io.d3mas.engine;

import io.d3mas.Layer;
import io.d3mas.event.SolveEvent;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.metrics.Step;
import io.d3mas.metrics.Vectors;
import io.d3mas.propagation.MessagePassing;
import io.d3mas.propagation.PropagationResult;
import io.d3mas.trace.PropagationRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Step 7: message passing, and the feedback rounds it drives. After the first pass: RELATE edges among
 * retrieved memory, one propagation; then, while some task is weak (no answer, low confidence or unmet
 * needs) and rounds are left: a second retrieval with the propagated embeddings and the stated needs, and a
 * re-run of the weak tasks and everything that depends on them. With the MESSAGE_PASSING layer off, only
 * the RELATE edges are added. Rounds end when no task is weak, when a round improves nothing, when the
 * propagated embeddings have converged (the same nodes, none moved by ε or more since the previous round,
 * so a further retrieval would find the same memory), or at {@code maxFeedbackRounds}.
 */
final class FeedbackRounds {

    private final SolveContext ctx;
    private final @Nullable MessagePassing messagePassing;
    private final String absentReason;
    private final Embedder embedder;
    private final List<List<Double>> rounds = new ArrayList<>();
    private boolean converged;
    /** Latest propagated embeddings by node id. */
    private Map<String, float[]> propagated = Map.of();

    FeedbackRounds(SolveContext ctx, @Nullable MessagePassing messagePassing, String absentReason, Embedder embedder) {
        this.ctx = ctx;
        this.messagePassing = messagePassing;
        this.absentReason = absentReason;
        this.embedder = embedder;
    }

    void run(DagRunner runner, TaskExecutor executor, Deducer deducer) {
        addRelateEdges();
        if (!ctx.settings.has(Layer.MESSAGE_PASSING)) {
            return; // feedback is driven by message passing (step 7): off with its layer
        }
        propagate();
        for (int round = 1; round <= ctx.settings.maxFeedbackRounds(); round++) {
            List<WorkItem> weak = ctx.items.values().stream()
                    .filter(w -> w.isWeak(ctx.settings.minConfidence()))
                    .toList();
            if (weak.isEmpty() || ctx.remainingNanos() <= 0) {
                return;
            }
            if (ctx.budgetSpent("feedback round " + round + " (" + weak.size() + " weak task(s))")) {
                return;
            }
            Map<String, List<float[]>> queries = new HashMap<>();
            for (WorkItem w : weak) {
                queries.put(w.id, feedbackQueries(w));
            }
            Set<WorkItem> rerun = withDependents(weak);
            Map<String, Double> before = new HashMap<>();
            rerun.forEach(w -> before.put(w.id, w.outcome == null ? -1 : w.outcome.confidence()));
            int r = round;
            long start = System.nanoTime();
            boolean finished = runner.run(rerun, w -> executor.run(w, r, queries.getOrDefault(w.id, List.of())));
            deducer.deduce();
            ctx.addTime(Step.FEEDBACK, System.nanoTime() - start);
            addRelateEdges();
            Map<String, float[]> previous = propagated;
            List<Double> changes = propagate();
            if (largestMove(previous, propagated) < ctx.settings.propagation().epsilon()) {
                converged = true;
                ctx.emit(new SolveEvent.Iteration(ctx.solveId, round, changes, rerun.size()));
                return; // the next retrieval would use the same embeddings
            }
            long improved = rerun.stream()
                    .filter(w -> w.outcome != null && w.outcome.confidence() > before.get(w.id))
                    .count();
            ctx.emit(new SolveEvent.Iteration(ctx.solveId, round, changes, rerun.size()));
            if (!finished || improved == 0) {
                return;
            }
        }
    }

    /**
     * The largest L2 distance between a node's embeddings in two rounds; infinite when the rounds propagated
     * different nodes (a round that added reasoning steps has not converged).
     */
    static double largestMove(Map<String, float[]> before, Map<String, float[]> after) {
        if (!before.keySet().equals(after.keySet())) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (Map.Entry<String, float[]> e : after.entrySet()) {
            float[] b = before.get(e.getKey());
            if (b != null && b.length == e.getValue().length) {
                double s = 0;
                for (int i = 0; i < b.length; i++) {
                    double d = e.getValue()[i] - b[i];
                    s += d * d;
                }
                max = Math.max(max, Math.sqrt(s));
            }
        }
        return max;
    }

    /** The propagated embedding of a node, or its own. */
    float @Nullable [] embeddingOf(String nodeId, float @Nullable [] fallback) {
        float[] h = propagated.get(nodeId);
        return h != null ? h : fallback;
    }

    PropagationRecord record() {
        if (!ctx.settings.has(Layer.MESSAGE_PASSING)) {
            return PropagationRecord.off("the MESSAGE_PASSING layer is switched off");
        }
        if (messagePassing == null) {
            return PropagationRecord.off(absentReason);
        }
        if (rounds.isEmpty()) {
            return PropagationRecord.off("it did not run (solve deadline or failure, see warnings)");
        }
        return new PropagationRecord(true, messagePassing.name(), ctx.settings.propagation(), rounds, converged);
    }

    private List<float[]> feedbackQueries(WorkItem w) {
        List<float[]> out = new ArrayList<>();
        String last = w.reasoningNodes.isEmpty() ? null : w.reasoningNodes.get(w.reasoningNodes.size() - 1);
        float[] reasoning = last == null ? null : propagated.get(last);
        float[] task = propagated.get(w.task.id);
        if (reasoning != null) {
            out.add(reasoning);
        }
        if (task != null) {
            out.add(task);
        }
        Outcome o = w.outcome;
        if (o != null && !o.needs().isEmpty()) {
            out.addAll(ctx.timed(Step.RETRIEVE, () -> embedder.embedAll(o.needs())));
        }
        return out;
    }

    private Set<WorkItem> withDependents(List<WorkItem> weak) {
        Set<WorkItem> out = new LinkedHashSet<>(weak);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (WorkItem w : ctx.items.values()) {
                if (!out.contains(w) && out.stream().anyMatch(x -> w.prerequisites.contains(x.id))) {
                    out.add(w);
                    grew = true;
                }
            }
        }
        // keep the scheduler's order
        Set<WorkItem> ordered = new LinkedHashSet<>();
        ctx.items.values().stream().filter(out::contains).forEach(ordered::add);
        return ordered;
    }

    /** RELATE edges between retrieved memory nodes at least {@code relateThreshold} similar. */
    private void addRelateEdges() {
        List<Node> memory = ctx.graph.snapshot().nodes(NodeType.MEMORY);
        for (int i = 0; i < memory.size(); i++) {
            for (int j = i + 1; j < memory.size(); j++) {
                float[] a = memory.get(i).embedding();
                float[] b = memory.get(j).embedding();
                if (a != null
                        && b != null
                        && a.length == b.length
                        && Vectors.cosine(a, b) >= ctx.settings.relateThreshold()) {
                    ctx.graph.addEdge(
                            EdgeType.RELATE, memory.get(i).id(), memory.get(j).id());
                }
            }
        }
    }

    private List<Double> propagate() {
        if (!ctx.settings.has(Layer.MESSAGE_PASSING) || messagePassing == null) {
            return List.of();
        }
        GraphSnapshot snapshot = ctx.graph.snapshot();
        PropagationResult result;
        try {
            result = ctx.timed(Step.PROPAGATE, () -> messagePassing.propagate(snapshot, ctx.settings.propagation()));
        } catch (RuntimeException e) {
            ctx.warn("message passing " + messagePassing.name() + " failed: " + e + "; continuing without it");
            return List.of();
        }
        Map<String, float[]> merged = new LinkedHashMap<>(propagated);
        merged.putAll(result.embeddings());
        propagated = merged;
        rounds.add(result.maxChangePerIteration());
        converged = result.converged();
        return result.maxChangePerIteration();
    }

    /** Writes the propagated embeddings into the graph, for the trace. */
    void applyToGraph() {
        propagated.forEach((id, h) -> ctx.graph.node(id).ifPresent(n -> ctx.graph.replaceNode(n.withEmbedding(h))));
    }
}
