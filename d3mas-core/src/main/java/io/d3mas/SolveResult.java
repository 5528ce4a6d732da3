package io.d3mas;

import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.memory.Retrieval;
import io.d3mas.metrics.RedundancyMetrics;
import io.d3mas.metrics.Step;
import io.d3mas.metrics.Usage;
import io.d3mas.trace.Trace;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The outcome of one solve. Immutable and thread-safe.
 *
 * @param solveId unique per solve
 * @param answer the final answer; when nothing could be answered it says so (and {@link #warnings()} why)
 * @param trace the graph the solve built (task tree, who did what, reuse, memory with provenance)
 * @param layers the layers that ran
 * @param components role ("decomposer", "synthesizer", "messagePassing", "agent:&lt;id&gt;") to the name of
 *     the component that played it, so offline and LLM components are told apart
 * @param usage tokens and calls spent and saved
 * @param metrics the three redundancy metrics
 * @param timings wall time per step, in the order of {@link Step}
 * @param warnings everything that did not go as configured but did not stop the solve, typed by
 *     {@link SolveWarning.Code} (failed agents or components, repaired decompositions, limits, timeouts), in
 *     order
 *
 * @since 0.1.0
 */
public record SolveResult(
        String solveId,
        String answer,
        Trace trace,
        Set<Layer> layers,
        Map<String, String> components,
        Usage usage,
        RedundancyMetrics metrics,
        Map<Step, Duration> timings,
        List<SolveWarning> warnings) {

    public SolveResult {
        Objects.requireNonNull(solveId, "solveId");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(trace, "trace");
        layers = Set.copyOf(layers);
        components = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components));
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(metrics, "metrics");
        // in step order (decompose, assign, execute, …), as reports read them
        java.util.EnumMap<Step, Duration> ordered = new java.util.EnumMap<>(Step.class);
        ordered.putAll(Map.copyOf(timings)); // Map.copyOf rejects null keys and values
        timings = java.util.Collections.unmodifiableMap(ordered);
        warnings = List.copyOf(warnings);
    }

    /** The graph of the solve. */
    public GraphSnapshot graph() {
        return trace.graph();
    }

    /** Atomic task id to the agent it was assigned to (in graph order). */
    public Map<String, String> assignments() {
        Map<String, String> out = new LinkedHashMap<>();
        GraphSnapshot g = graph();
        for (Node task : g.nodes(NodeType.TASK)) {
            if (g.successors(task.id(), EdgeType.DECOMPOSE).isEmpty() && task.agentId() != null) {
                out.put(task.id(), task.agentId());
            }
        }
        return out;
    }

    /**
     * The retrieval ledger of this solve: who brought which memory record in, for which task, in graph order (one
     * line per RETRIEVE edge). Knowledge handed over as another agent's conclusion is not retrieved again and has
     * no line.
     */
    public List<Retrieval> retrievals() {
        GraphSnapshot g = graph();
        List<Retrieval> out = new java.util.ArrayList<>();
        for (io.d3mas.graph.Edge e : g.edges(EdgeType.RETRIEVE)) {
            Node step = g.node(e.from());
            List<String> tasks = g.predecessors(step.id(), EdgeType.TRIGGER);
            String record = Node.recordIdOf(e.to());
            out.add(new Retrieval(
                    record, String.valueOf(step.agentId()), tasks.isEmpty() ? "" : tasks.get(0), step.id()));
        }
        return List.copyOf(out);
    }
}
