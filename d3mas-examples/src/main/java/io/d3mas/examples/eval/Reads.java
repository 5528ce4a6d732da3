package io.d3mas.examples.eval;

import io.d3mas.graph.Edge;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.metrics.RedundancyMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who read which memory records in one method run, under the evaluation's one memory-access policy
 * (docs/evaluation.md): every retrieval is logged with its agent and its records best first; a record the D³MAS
 * ledger handed over as another agent's conclusion is a read of the receiving agent.
 *
 * <p>The order in which a method "read" its distinct paragraphs, for recall at a paragraph budget, is the same rule
 * for every method: rank by rank across its retrievals in the order they happened (every retrieval's best hit,
 * then every retrieval's second, …), each paragraph counted the first time it appears. So no method gets its later
 * queries' hits ahead of another's first ones.
 */
final class Reads {

    private final List<String> agents = new ArrayList<>();
    private final List<List<String>> lists = new ArrayList<>();

    /** Logs one retrieval: an agent and the records it got, best first. */
    Reads add(String agentId, List<String> recordIds) {
        agents.add(agentId);
        lists.add(List.copyOf(recordIds));
        return this;
    }

    /**
     * A D³MAS solve's reads from its trace: per reasoning step, in the order the steps were recorded, the records
     * of its RETRIEVE edges in the order it was given them, then those handed over to it ({@link Node#HANDED_OVER}).
     */
    static Reads of(GraphSnapshot graph) {
        Map<String, List<String>> retrieved = new HashMap<>();
        for (Edge e : graph.edges(EdgeType.RETRIEVE)) {
            retrieved.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(Node.recordIdOf(e.to()));
        }
        Reads out = new Reads();
        for (Node step : graph.nodes(NodeType.REASONING)) {
            List<String> ids = new ArrayList<>(retrieved.getOrDefault(step.id(), List.of()));
            if (step.attributes().get(Node.HANDED_OVER) instanceof List<?> handed) {
                handed.forEach(h -> ids.add(String.valueOf(h)));
            }
            if (!ids.isEmpty() && step.agentId() != null) {
                out.add(step.agentId(), ids);
            }
        }
        return out;
    }

    /** Record id → the agents that read it. */
    Map<String, Set<String>> readBy() {
        Map<String, Set<String>> out = new HashMap<>();
        for (int i = 0; i < lists.size(); i++) {
            String agent = agents.get(i);
            lists.get(i)
                    .forEach(id -> out.computeIfAbsent(id, k -> new HashSet<>()).add(agent));
        }
        return out;
    }

    /** ARCHITECTURE §7's memory redundancy over these reads: the share of records two or more agents read. */
    double memoryRedundancy() {
        return RedundancyMetrics.memoryRedundancy(readBy());
    }

    /** The distinct records in policy order (rank by rank across retrievals, first appearance counts). */
    List<String> distinctInOrder() {
        Set<String> out = new LinkedHashSet<>();
        int longest = lists.stream().mapToInt(List::size).max().orElse(0);
        for (int rank = 0; rank < longest; rank++) {
            for (List<String> l : lists) {
                if (rank < l.size()) {
                    out.add(l.get(rank));
                }
            }
        }
        return List.copyOf(out);
    }
}
