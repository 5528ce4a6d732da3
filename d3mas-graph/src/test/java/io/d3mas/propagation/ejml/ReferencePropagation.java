package io.d3mas.propagation.ejml;

import io.d3mas.graph.Edge;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.propagation.PropagationSettings;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ARCHITECTURE §6 written out as directly as possible (maps of neighbour sets, doubles, no matrices), to check
 * the optimised implementation against. One iteration; every node must have an embedding.
 */
final class ReferencePropagation {

    private record In(EdgeType type, boolean fromTarget, boolean fromSource) {}

    private static final Object[][] STEPS = {
        {NodeType.MEMORY, List.of(new In(EdgeType.RELATE, true, true))},
        {
            NodeType.REASONING,
            List.of(
                    new In(EdgeType.RETRIEVE, true, false),
                    new In(EdgeType.GROUND, true, true),
                    new In(EdgeType.DEPEND, true, false))
        },
        {NodeType.TASK, List.of(new In(EdgeType.TRIGGER, true, false), new In(EdgeType.DECOMPOSE, true, false))},
        {NodeType.TASK, List.of(new In(EdgeType.DECOMPOSE, false, true))},
        {NodeType.REASONING, List.of(new In(EdgeType.TRIGGER, false, true))},
        {
            NodeType.MEMORY,
            List.of(
                    new In(EdgeType.RETRIEVE, false, true),
                    new In(EdgeType.GROUND, true, true),
                    new In(EdgeType.RELATE, true, true))
        }
    };

    private ReferencePropagation() {}

    @SuppressWarnings("unchecked")
    static Map<String, float[]> oneIteration(GraphSnapshot g, PropagationSettings s) {
        Map<String, double[]> h = new HashMap<>();
        for (Node n : g.nodes()) {
            double[] v = new double[n.embedding().length];
            for (int i = 0; i < v.length; i++) {
                v[i] = n.embedding()[i];
            }
            h.put(n.id(), v);
        }
        for (Object[] step : STEPS) {
            NodeType layer = (NodeType) step[0];
            Map<String, double[]> updated = new HashMap<>();
            for (Node v : g.nodes(layer)) {
                double[] m = new double[h.get(v.id()).length];
                boolean received = false;
                for (In in : (List<In>) step[1]) {
                    Set<String> from = new LinkedHashSet<>();
                    for (Edge e : g.edges(in.type())) {
                        // "fromTarget": v is the stored source and hears the target; "fromSource": the reverse
                        if (in.fromTarget() && e.from().equals(v.id()) && !e.to().equals(v.id())) {
                            from.add(e.to());
                        }
                        if (in.fromSource()
                                && e.to().equals(v.id())
                                && !e.from().equals(v.id())) {
                            from.add(e.from());
                        }
                    }
                    double alpha = s.alpha().get(in.type());
                    received |= !from.isEmpty() && alpha != 0;
                    for (String u : from) {
                        for (int c = 0; c < m.length; c++) {
                            m[c] += alpha * h.get(u)[c] / from.size();
                        }
                    }
                }
                if (received) {
                    double beta = s.beta().get(layer);
                    double[] x = new double[m.length];
                    double norm = 0;
                    for (int c = 0; c < m.length; c++) {
                        x[c] = (1 - beta) * h.get(v.id())[c] + beta * m[c];
                        norm += x[c] * x[c];
                    }
                    for (int c = 0; c < m.length; c++) {
                        x[c] = norm > 0 ? x[c] / Math.sqrt(norm) : 0;
                    }
                    updated.put(v.id(), x);
                }
            }
            h.putAll(updated);
        }
        Map<String, float[]> out = new HashMap<>();
        h.forEach((id, v) -> {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            out.put(id, f);
        });
        return out;
    }
}
