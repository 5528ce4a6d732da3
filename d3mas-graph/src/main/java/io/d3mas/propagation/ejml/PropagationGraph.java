package io.d3mas.propagation.ejml;

import io.d3mas.graph.Edge;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ejml.data.FMatrixSparseCSC;
import org.ejml.data.FMatrixSparseTriplet;
import org.ejml.ops.FConvertMatrixStruct;

/**
 * One snapshot prepared for message passing: the nodes that have embeddings as rows of a dense matrix, and for
 * every layer step and incoming edge type the transposed row-normalised adjacency {@code A_τᵀ} as an EJML
 * float CSC matrix. Column v of {@code A_τᵀ} is row v of {@code A_τ}: the neighbours v receives from, each
 * weighted {@code 1/|N_τ(v)|}. Built once per snapshot, from triplets.
 */
final class PropagationGraph {

    final List<String> ids;
    final NodeType[] types;
    final int dimension;
    /** Row-major n × dimension, the input embeddings. */
    final float[] embeddings;

    final Map<LayerStep, List<FMatrixSparseCSC>> adjacency = new EnumMap<>(LayerStep.class);
    /** Per step, the rows of the layer it updates, in node order. */
    final Map<LayerStep, int[]> layerRows = new EnumMap<>(LayerStep.class);

    private PropagationGraph(List<String> ids, NodeType[] types, int dimension, float[] embeddings) {
        this.ids = ids;
        this.types = types;
        this.dimension = dimension;
        this.embeddings = embeddings;
    }

    /**
     * @throws IllegalArgumentException for mixed dimensions or a non-finite value, naming the node
     */
    static PropagationGraph of(GraphSnapshot graph) {
        List<String> ids = new ArrayList<>();
        List<NodeType> types = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        int dimension = -1;
        String first = null;
        for (Node n : graph.nodes()) {
            float[] h = n.embedding();
            if (h == null) {
                continue;
            }
            if (dimension < 0) {
                dimension = h.length;
                first = n.id();
            } else if (h.length != dimension) {
                throw new IllegalArgumentException("mixed embedding dimensions: node '" + n.id() + "' has " + h.length
                        + ", node '" + first + "' has " + dimension + "; embed every node with the same model");
            }
            for (int k = 0; k < h.length; k++) {
                if (!Float.isFinite(h[k])) {
                    throw new IllegalArgumentException(
                            "node '" + n.id() + "' has a non-finite embedding value " + h[k] + " at index " + k);
                }
            }
            index.put(n.id(), ids.size());
            ids.add(n.id());
            types.add(n.type());
        }
        int n = ids.size();
        int d = Math.max(dimension, 0);
        float[] h = new float[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(graph.node(ids.get(i)).embedding(), 0, h, i * d, d);
        }
        PropagationGraph g = new PropagationGraph(List.copyOf(ids), types.toArray(NodeType[]::new), d, h);
        Map<EdgeType, List<Edge>> byType = new EnumMap<>(EdgeType.class);
        for (Edge e : graph.edges()) {
            byType.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(e);
        }
        for (LayerStep step : LayerStep.values()) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (g.types[i] == step.layer) {
                    rows.add(i);
                }
            }
            g.layerRows.put(step, rows.stream().mapToInt(Integer::intValue).toArray());
            List<FMatrixSparseCSC> matrices = new ArrayList<>();
            for (LayerStep.Incoming in : step.incoming) {
                matrices.add(transposedAdjacency(g, index, step.layer, in, byType.getOrDefault(in.type(), List.of())));
            }
            g.adjacency.put(step, matrices);
        }
        return g;
    }

    int size() {
        return ids.size();
    }

    private static FMatrixSparseCSC transposedAdjacency(
            PropagationGraph g, Map<String, Integer> index, NodeType layer, LayerStep.Incoming in, List<Edge> edges) {
        int n = g.size();
        // receiver -> its distinct senders, in edge order (deterministic)
        Map<Integer, Set<Integer>> senders = new HashMap<>();
        for (Edge e : edges) {
            Integer from = index.get(e.from());
            Integer to = index.get(e.to());
            if (from == null || to == null) {
                continue; // an endpoint without an embedding neither sends nor receives
            }
            if (in.direction() != LayerStep.Direction.BACKWARD) {
                link(g, senders, layer, from, to);
            }
            if (in.direction() != LayerStep.Direction.FORWARD) {
                link(g, senders, layer, to, from);
            }
        }
        int entries = senders.values().stream().mapToInt(Set::size).sum();
        FMatrixSparseTriplet triplet = new FMatrixSparseTriplet(n, n, Math.max(entries, 1));
        for (Map.Entry<Integer, Set<Integer>> r : senders.entrySet()) {
            float w = 1f / r.getValue().size();
            for (int u : r.getValue()) {
                triplet.addItem(u, r.getKey(), w); // transposed: column = receiver
            }
        }
        FMatrixSparseCSC csc = FConvertMatrixStruct.convert(triplet, (FMatrixSparseCSC) null);
        csc.sortIndices(null);
        return csc;
    }

    /** Adds sender to receiver's list if the receiver is in the layer being updated (and is not itself). */
    private static void link(
            PropagationGraph g, Map<Integer, Set<Integer>> senders, NodeType layer, int receiver, int sender) {
        if (g.types[receiver] == layer && receiver != sender) {
            senders.computeIfAbsent(receiver, k -> new LinkedHashSet<>()).add(sender);
        }
    }
}
